// Choices offered when scheduling an event by hand: the days of its window and the start times
// its type allows that fit the window.
import type { Schemas } from '../../api/client';
import { toViolations, type Violation } from '../../api/problem';
import { startOptions, type EventTypeRules } from './eventRules';
import { addDays, localDate, localTime } from '../../lib/time';

type Ev = Pick<Schemas['EventOut'], 'start_datetime' | 'due_datetime' | 'estimated_time' | 'event_type'>;

export function eventMinutes(ev: Ev, rules: EventTypeRules): number {
  return ev.estimated_time ?? rules[ev.event_type]?.default_minutes ?? 60;
}

/** Local dates from the event's earliest start to its due date (at most `max`). */
export function eventDates(ev: Ev, tz: string, max = 31): string[] {
  const first = localDate(ev.start_datetime, tz);
  const last = localDate(ev.due_datetime, tz);
  const out: string[] = [];
  for (let d = first; d <= last && out.length < max; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Allowed start times on `date` whose whole duration fits inside the event window. */
export function timeOptions(ev: Ev, date: string, rules: EventTypeRules, tz: string): string[] {
  const earliest = localDate(ev.start_datetime, tz) === date ? localTime(ev.start_datetime, tz) : null;
  const latest = localDate(ev.due_datetime, tz) === date ? localTime(ev.due_datetime, tz) : null;
  return startOptions(rules[ev.event_type], eventMinutes(ev, rules), earliest, latest);
}

/** Employees sorted for picking: allowed first, then by fewest broken rules, then by name. */
export function rankCandidates<T extends { name: string; violations: unknown[] }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.violations.length - b.violations.length || a.name.localeCompare(b.name));
}

/** One employee as a picker lists them: the rules they would break (none: allowed). */
export interface Candidate {
  id: string;
  name: string;
  violations: Violation[];
}

/** A candidates answer (`/events/{id}/candidates`, `/pending-schedules/{id}/candidates`), ranked. */
export function candidatesOf(list: Schemas['CandidateOut'][]): Candidate[] {
  return rankCandidates(
    list.map((c) => ({ id: c.employee_id, name: c.employee_name, violations: toViolations(c.violations) })),
  );
}

/** Whether an open proposal's start has come and gone (a run proposes none such; an older one can be). */
export function startPassed(p: { reviewed: boolean; schedule_datetime: string }, now = Date.now()): boolean {
  return !p.reviewed && Date.parse(p.schedule_datetime) < now;
}

/** Where an exception's event is read: its page when the list gave its id, else a search by reference. */
export function exceptionEventPath(x: { event_id?: number | null; event_ref_num?: number | null }): string {
  return x.event_id ? `/events/${x.event_id}` : `/events?q=${x.event_ref_num ?? ''}`;
}
