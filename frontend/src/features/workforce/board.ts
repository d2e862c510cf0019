// The schedule board's logic: which cell an assignment sits in, where a move lands, and which of
// the dry-run verdict's complaints come only from the assignment being moved.
import type { Violation } from '../../api/problem';
import type { EventTypeRules } from './eventRules';
import { addDays, localDate, localTime, zonedParts } from '../../lib/time';

export type BoardView = 'week' | 'day';
export const DAY_HOURS = Array.from({ length: 16 }, (_, i) => i + 6); // 06:00 to 21:00

interface Placed {
  id: number;
  employee_id: string;
  schedule_datetime: string;
}

export function cellKey(employeeId: string, slot: string): string {
  return `${employeeId}|${slot}`;
}

/** The slot of an assignment: its local date (week view) or its local start hour (day view). */
export function slotOf(s: Placed, view: BoardView, tz: string): string {
  if (view === 'week') return localDate(s.schedule_datetime, tz);
  return String(
    Math.min(Math.max(zonedParts(s.schedule_datetime, tz).hour, DAY_HOURS[0]), DAY_HOURS[DAY_HOURS.length - 1]),
  );
}

export function groupByCell<T extends Placed>(items: T[], view: BoardView, tz: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const s of [...items].sort((a, b) => a.schedule_datetime.localeCompare(b.schedule_datetime))) {
    const key = cellKey(s.employee_id, slotOf(s, view, tz));
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

/** A day-view bar: where it starts within its hour's column and how many columns it spans (both
 * in hours), and its lane, so an employee's overlapping assignments stack rather than cover. */
export interface DaySpan {
  left: number;
  width: number;
  lane: number;
}

/** The narrowest bar drawn, in minutes, so a 15-minute setup still shows its time and name. */
export const MIN_BAR_MINUTES = 45;

/** The day view's bars: each assignment from its start to its end (cut at the board's last hour),
 * at least `MIN_BAR_MINUTES` wide; bars that would touch or overlap go to separate lanes. */
export function daySpans<T extends Placed>(items: T[], minutesOf: (s: T) => number, tz: string): Map<number, DaySpan> {
  const out = new Map<number, DaySpan>();
  const first = DAY_HOURS[0] * 60;
  const close = (DAY_HOURS[DAY_HOURS.length - 1] + 1) * 60;
  const lanes = new Map<string, number[]>(); // per employee: where each lane is free again
  const sorted = [...items].sort((a, b) => a.schedule_datetime.localeCompare(b.schedule_datetime));
  for (const s of sorted) {
    const p = zonedParts(s.schedule_datetime, tz);
    const start = p.hour * 60 + p.minute;
    const end = start + Math.max(minutesOf(s), 0);
    const column = Number(slotOf(s, 'day', tz)) * 60;
    const from = Math.min(Math.max(start, first), close - MIN_BAR_MINUTES);
    const to = Math.min(Math.max(end, from + MIN_BAR_MINUTES), close);
    const free = lanes.get(s.employee_id) ?? [];
    let lane = free.findIndex((at) => at <= from);
    if (lane === -1) {
      lane = free.length;
      free.push(to);
    } else free[lane] = to;
    lanes.set(s.employee_id, free);
    out.set(s.id, { left: (from - column) / 60, width: (to - from) / 60, lane });
  }
  return out;
}

export interface MoveTarget {
  employeeId: string;
  date: string;
  time: string;
}

/**
 * Where an assignment lands when dropped on a cell. In the week view it keeps its start time on
 * the new day; in the day view it keeps its minutes within the new hour, or takes the type's first
 * allowed start in that hour.
 */
export function dropTarget(
  s: Placed,
  eventType: string | undefined,
  view: BoardView,
  employeeId: string,
  slot: string,
  day: string,
  rules: EventTypeRules,
  tz: string,
): MoveTarget {
  const time = localTime(s.schedule_datetime, tz);
  if (view === 'week') return { employeeId, date: slot, time };
  const hour = String(Number(slot)).padStart(2, '0');
  const allowed = (eventType && rules[eventType]?.start_times) || [];
  const same = `${hour}:${time.slice(3)}`;
  const inHour = allowed.filter((t) => t.startsWith(`${hour}:`)).sort();
  return { employeeId, date: day, time: allowed.includes(same) || inHour.length === 0 ? same : inHour[0] };
}

const ALWAYS_SELF = new Set(['event_not_unstaffed', 'event_already_assigned']);
const SAME_EMPLOYEE_SELF = new Set(['overlaps_existing', 'daily_limit', 'type_daily_limit', 'weekly_minutes']);

/**
 * The dry run (`POST /schedules/validate`) checks a new assignment, so for a move it also counts
 * the assignment being moved: its event is already staffed and, for the same employee, it uses up
 * that person's time and caps. Those complaints are set aside here (the server re-checks every
 * rule on save, ignoring the old place); the rest are real.
 */
export function moveViolations(
  violations: Violation[],
  sameEmployee: boolean,
): { real: Violation[]; uncertain: Violation[] } {
  const real: Violation[] = [];
  const uncertain: Violation[] = [];
  for (const v of violations) {
    if (ALWAYS_SELF.has(v.code)) continue;
    if (sameEmployee && SAME_EMPLOYEE_SELF.has(v.code)) uncertain.push(v);
    else real.push(v);
  }
  return { real, uncertain };
}

interface Absence {
  employee_id: string;
  start_date: string;
  end_date: string;
  status: string;
}

/** Employee-days (`cellKey(employee, date)`) inside [from, to] covered by approved time off. */
export function timeOffDays(list: Absence[], from: string, to: string): Set<string> {
  const out = new Set<string>();
  for (const t of list) {
    if (t.status !== 'approved') continue;
    const first = t.start_date > from ? t.start_date : from;
    const last = t.end_date < to ? t.end_date : to;
    for (let d = first; d <= last; d = addDays(d, 1)) out.add(cellKey(t.employee_id, d));
  }
  return out;
}
