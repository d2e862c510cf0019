// The schedule board: employees by day (week view) or by hour (day view). Drag an assignment to
// another cell, or select it and choose where it goes; either way the move is checked before saving.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { ApiError, toViolations, type Violation } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import { Checkbox, ErrorBox, Loaded, Loading, Notice, Page, SelectField, TextField } from '../../../ui';
import {
  DAY_HOURS,
  cellKey,
  daySpans,
  dropTarget,
  groupByCell,
  moveViolations,
  slotOf,
  timeOffDays,
  type BoardView,
  type MoveTarget,
} from '../board';
import {
  allEmployees,
  approvedTimeOffBetween,
  eventsBetween,
  nameOf,
  schedulesBetween,
  type Employee,
  type EventOut,
  type ScheduleOut,
} from '../data';
import type { EventTypeRules } from '../eventRules';
import { loadRules } from '../rules';
import { eventDates, eventMinutes } from '../scheduling';
import {
  addDays,
  dateRange,
  formatDate,
  localDate,
  localTime,
  sameInstant,
  todayIn,
  weekStart,
  zonedToUtc,
} from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';

export default function Board() {
  const { tz, can } = useAuth();
  const today = todayIn(tz);
  const [q, setQ] = useQueryState(['view', 'date'] as const);
  const view: BoardView = q.view === 'day' ? 'day' : 'week';
  const anchor = q.date || today;
  const from = view === 'week' ? weekStart(anchor) : anchor;
  const to = view === 'week' ? addDays(from, 6) : anchor;
  const state = useLoad(async () => {
    const [employees, schedules, events, rules, timeOff] = await Promise.all([
      allEmployees({ active: true }),
      schedulesBetween(from, to),
      eventsBetween(addDays(from, -31), to),
      loadRules(),
      approvedTimeOffBetween(from, to),
    ]);
    return {
      range: `${from}|${to}`,
      employees,
      schedules: schedules.filter((s) => s.status !== 'cancelled'),
      events,
      rules: rules.rules,
      away: timeOffDays(timeOff, from, to),
    };
  }, [from, to]);
  const [selected, setSelected] = useState<number | null>(null);
  const [target, setTarget] = useState<MoveTarget | null>(null);
  const step = view === 'week' ? 7 : 1;
  const editable = can('manager');

  return (
    <Page
      title="Schedule board"
      actions={
        <div className="row">
          <div className="tabs" role="group" aria-label="View" style={{ border: 0, margin: 0 }}>
            <button type="button" aria-pressed={view === 'week'} onClick={() => setQ({ view: 'week' })}>
              Week
            </button>
            <button type="button" aria-pressed={view === 'day'} onClick={() => setQ({ view: 'day' })}>
              Day
            </button>
          </div>
          <button
            type="button"
            className="btn small"
            onClick={() => setQ({ date: addDays(anchor, -step) })}
            aria-label={`Previous ${view}`}
          >
            ←
          </button>
          <button type="button" className="btn small" onClick={() => setQ({ date: today })}>
            Today
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => setQ({ date: addDays(anchor, step) })}
            aria-label={`Next ${view}`}
          >
            →
          </button>
        </div>
      }
    >
      <p className="muted">
        {view === 'week' ? `${formatDate(from)} – ${formatDate(to)}` : formatDate(anchor)}
        {editable ? ' · Drag an assignment to move it, or select it and choose where it goes.' : ''}
      </p>
      <Loaded state={state} empty={(d) => (d.employees.length ? null : 'No active employees.')}>
        {(d) =>
          d.range !== `${from}|${to}` ? (
            <Loading />
          ) : (
            <>
              <p className="only-phone muted small">
                Scroll the board sideways for more {view === 'week' ? 'days' : 'hours'}.
              </p>
              {d.schedules.length === 0 ? (
                <Notice kind="warn">
                  Nothing is scheduled in this {view}. <Link to="/scheduler">Run the auto-scheduler</Link> or schedule
                  events by hand.
                </Notice>
              ) : null}
              <Grid
                view={view}
                from={from}
                to={to}
                today={today}
                data={d}
                editable={editable}
                selected={selected}
                onSelect={(id) => {
                  setSelected(id);
                  setTarget(null);
                }}
                onDrop={(id, t) => {
                  setSelected(id);
                  setTarget(t);
                }}
              />
              {selected != null && editable ? (
                <MovePanel
                  key={`${selected}-${target ? JSON.stringify(target) : ''}`}
                  schedule={d.schedules.find((s) => s.id === selected)!}
                  initial={target}
                  employees={d.employees}
                  events={d.events}
                  rules={d.rules}
                  onClose={() => {
                    const id = selected;
                    setSelected(null);
                    setTarget(null);
                    // Back to the assignment the person was on.
                    setTimeout(
                      () => (document.querySelector(`.chip[data-schedule-id="${id}"]`) as HTMLElement | null)?.focus(),
                      0,
                    );
                  }}
                  onSaved={() => {
                    setSelected(null);
                    setTarget(null);
                    state.reload();
                  }}
                />
              ) : null}
            </>
          )
        }
      </Loaded>
    </Page>
  );
}

/** Height of one lane of day-view bars. */
const BAR_PX = 48;

interface GridProps {
  view: BoardView;
  from: string;
  to: string;
  today: string;
  editable: boolean;
  selected: number | null;
  /** `away`: employee-days on approved time off (`cellKey(employee, date)`). */
  data: {
    employees: Employee[];
    schedules: ScheduleOut[];
    events: EventOut[];
    rules: EventTypeRules;
    away: Set<string>;
  };
  onSelect: (id: number) => void;
  onDrop: (id: number, t: MoveTarget) => void;
}

function Grid({ view, from, to, today, data, editable, selected, onSelect, onDrop }: GridProps) {
  const { tz } = useAuth();
  const slots = view === 'week' ? dateRange(from, to) : DAY_HOURS.map(String);
  const cells = useMemo(() => groupByCell(data.schedules, view, tz), [data.schedules, view, tz]);
  const eventOf = (s: ScheduleOut) => data.events.find((e) => e.project_ref_num === s.event_ref_num);
  // The day view draws each assignment as a bar from its start to its end.
  const spans = useMemo(() => {
    if (view !== 'day') return null;
    const minutes = (s: ScheduleOut) => {
      const ev = data.events.find((e) => e.project_ref_num === s.event_ref_num);
      return ev ? eventMinutes(ev, data.rules) : 60;
    };
    return daySpans(data.schedules, minutes, tz);
  }, [view, data.schedules, data.events, data.rules, tz]);
  // How many lanes each employee's bars take (their row's height in the day view).
  const lanes = useMemo(() => {
    const out = new Map<string, number>();
    if (spans)
      for (const s of data.schedules)
        out.set(s.employee_id, Math.max(out.get(s.employee_id) ?? 0, (spans.get(s.id)?.lane ?? 0) + 1));
    return out;
  }, [spans, data.schedules]);
  const [over, setOver] = useState<string | null>(null);
  // While dragging, the day view's bars let drops through to the hour cells under them.
  const [dragging, setDragging] = useState<number | null>(null);
  // Whether a drop on (employee, slot) would land on a start time the type allows.
  const landsWell = (employeeId: string, slot: string) => {
    const s = data.schedules.find((x) => x.id === dragging);
    if (!s) return true;
    const type = eventOf(s)?.event_type;
    const t = dropTarget(s, type, view, employeeId, slot, from, data.rules, tz);
    const allowed = (type && data.rules[type]?.start_times) || [];
    return allowed.length === 0 || allowed.includes(t.time);
  };
  const wrap = useRef<HTMLDivElement>(null);

  // In the day view, start scrolled to the first assignment's hour (or 09:00) rather than 06:00.
  useEffect(() => {
    const el = wrap.current;
    if (view !== 'day' || !el) return;
    const hours = data.schedules.map((s) => Number(slotOf(s, 'day', tz)));
    const first = hours.length ? Math.min(...hours) : 9;
    const heads = el.querySelectorAll<HTMLElement>('.cell.head');
    const target = heads[first - DAY_HOURS[0] + 1];
    if (target && heads[0])
      el.scrollLeft += target.getBoundingClientRect().left - heads[0].getBoundingClientRect().right;
  }, [view, data.schedules, tz]);

  function drop(e: DragEvent, employeeId: string, slot: string) {
    e.preventDefault();
    setOver(null);
    setDragging(null);
    const id = Number(e.dataTransfer.getData('text/plain'));
    const s = data.schedules.find((x) => x.id === id);
    if (!s) return;
    onDrop(id, dropTarget(s, eventOf(s)?.event_type, view, employeeId, slot, from, data.rules, tz));
  }

  return (
    <div
      className={`board-wrap${dragging != null ? ' dragging' : ''}`}
      role="region"
      aria-label="Assignments by employee"
      tabIndex={0}
      ref={wrap}
    >
      <div
        className="board"
        role="table"
        style={{
          gridTemplateColumns: `minmax(var(--emp-min), var(--emp-max)) repeat(${slots.length}, minmax(${view === 'week' ? 120 : 104}px, 1fr))`,
          minWidth: 150 + slots.length * (view === 'week' ? 120 : 104),
        }}
      >
        <div role="row" style={{ display: 'contents' }}>
          <div role="columnheader" className="cell head emp">
            Employee
          </div>
          {slots.map((s) => (
            <div role="columnheader" key={s} className="cell head">
              {view === 'week' ? formatDate(s, { year: false }) : `${s.padStart(2, '0')}:00`}
            </div>
          ))}
        </div>
        {data.employees.map((emp) => (
          <div role="row" key={emp.id} style={{ display: 'contents' }}>
            <div role="rowheader" className="cell emp">
              <Link to={`/employees/${encodeURIComponent(emp.id)}`}>{emp.name}</Link>
              <div className="muted small">{emp.skills.join(', ')}</div>
            </div>
            {slots.map((slot) => {
              const key = cellKey(emp.id, slot);
              const list = cells.get(key) ?? [];
              const off = data.away.has(cellKey(emp.id, view === 'week' ? slot : from));
              return (
                <div
                  role="cell"
                  key={slot}
                  className={`cell${over === key ? (landsWell(emp.id, slot) ? ' drop-ok' : ' drop-bad') : ''}${view === 'week' && slot === today ? ' today' : ''}${off ? ' off' : ''}`}
                  style={
                    spans
                      ? { minHeight: `calc(${lanes.get(emp.id) ?? 1} * ${BAR_PX}px + ${off ? 1.4 : 0.6}rem)` }
                      : undefined
                  }
                  aria-label={`${emp.name}, ${view === 'week' ? formatDate(slot, { year: false }) : `${slot}:00`}: ${off ? 'on time off, ' : ''}${list.length} assignment${list.length === 1 ? '' : 's'}`}
                  onDragOver={
                    editable
                      ? (e) => {
                          e.preventDefault();
                          e.dataTransfer.dropEffect = 'move';
                          setOver(key);
                        }
                      : undefined
                  }
                  onDragLeave={editable ? () => setOver((o) => (o === key ? null : o)) : undefined}
                  onDrop={editable ? (e) => drop(e, emp.id, slot) : undefined}
                >
                  {off && (view === 'week' || slot === String(DAY_HOURS[0])) ? (
                    <span className="off-label" aria-hidden="true">
                      Time off
                    </span>
                  ) : null}
                  {list.map((s) => {
                    const ev = eventOf(s);
                    const end = ev
                      ? `–${localTime(new Date(Date.parse(s.schedule_datetime) + eventMinutes(ev, data.rules) * 60000), tz)}`
                      : '';
                    const body = (
                      <>
                        {s.override_reason ? (
                          <span className="override-mark" aria-hidden="true">
                            ⚠{' '}
                          </span>
                        ) : null}
                        <span className="t">
                          {localTime(s.schedule_datetime, tz)}
                          {end}
                        </span>{' '}
                        {ev?.event_type ?? ''}
                        <br />
                        <span className="small name">{ev?.project_name ?? `#${s.event_ref_num}`}</span>
                      </>
                    );
                    const span = spans?.get(s.id);
                    const kind = `chip type-${ev?.event_type ?? 'x'}${span ? ' bar' : ''}`;
                    // A bar's left edge and width follow its start and end; columns are one hour each.
                    const place = span
                      ? {
                          left: `calc(${span.left} * (100% + 1px) + 2px)`,
                          width: `calc(${span.width} * (100% + 1px) - 4px)`,
                          top: `calc(${off && slot === String(DAY_HOURS[0]) ? 1.1 : 0.3}rem + ${span.lane * BAR_PX}px)`,
                        }
                      : undefined;
                    const overridden = s.override_reason ? ` — saved over the rules: ${s.override_reason}` : '';
                    const title =
                      `${localTime(s.schedule_datetime, tz)}${end} ${ev?.event_type ?? ''} ${ev?.project_name ?? ''}`.trim() +
                      overridden;
                    // Only those who may move assignments get buttons; others see plain labels.
                    return editable ? (
                      <button
                        key={s.id}
                        type="button"
                        className={`${kind}${selected === s.id ? ' selected' : ''}`}
                        style={place}
                        title={title}
                        draggable
                        aria-pressed={selected === s.id}
                        data-schedule-id={s.id}
                        onClick={() => onSelect(s.id)}
                        onDragStart={(e) => {
                          e.dataTransfer.setData('text/plain', String(s.id));
                          e.dataTransfer.effectAllowed = 'move';
                          setTimeout(() => setDragging(s.id), 0);
                        }}
                        onDragEnd={() => setDragging(null)}
                      >
                        {body}
                        <span className="sr-only">
                          , {emp.name}
                          {overridden}. Press to move
                        </span>
                      </button>
                    ) : (
                      <div key={s.id} className={kind} style={place} title={title} data-schedule-id={s.id}>
                        {body}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function MovePanel({
  schedule,
  initial,
  employees,
  events,
  rules,
  onClose,
  onSaved,
}: {
  schedule: ScheduleOut;
  initial: MoveTarget | null;
  employees: Employee[];
  events: EventOut[];
  rules: EventTypeRules;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { tz } = useAuth();
  const ev = events.find((e) => e.project_ref_num === schedule.event_ref_num);
  const [employeeId, setEmployeeId] = useState(initial?.employeeId ?? schedule.employee_id);
  const [date, setDate] = useState(initial?.date ?? localDate(schedule.schedule_datetime, tz));
  const [time, setTime] = useState(initial?.time ?? localTime(schedule.schedule_datetime, tz));
  const [check, setCheck] = useState<{ real: Violation[]; uncertain: Violation[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<Violation[]>([]);
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const act = useAction();
  const instant = date && /^\d\d:\d\d$/.test(time) ? zonedToUtc(date, time, tz) : null;
  const unchanged = employeeId === schedule.employee_id && sameInstant(instant, schedule.schedule_datetime);

  useEffect(() => {
    setCheck(null);
    setRefused([]);
    if (!instant || unchanged) return;
    let live = true;
    setChecking(true);
    const t = setTimeout(() => {
      unwrap(
        api.POST('/api/v1/schedules/validate', {
          body: { employee_id: employeeId, event_ref_num: schedule.event_ref_num, schedule_datetime: instant },
        }),
      )
        .then((v) => {
          if (live) setCheck(moveViolations(toViolations(v.violations), employeeId === schedule.employee_id));
        })
        .catch(() => {
          if (live) setCheck(null);
        })
        .finally(() => {
          if (live) setChecking(false);
        });
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [instant, employeeId, schedule, unchanged]);

  // Everyone's verdict at the chosen day and time, as the select shows it (the move's own
  // assignment set aside, as for the verdict above).
  const verdicts = useLoad(async (): Promise<Map<string, number> | null> => {
    if (!instant || !ev) return null;
    const list = await unwrap(
      api.GET('/api/v1/events/{id}/candidates', {
        params: { path: { id: ev.id }, query: { schedule_datetime: instant } },
      }),
    );
    return new Map(
      list.map((c) => [
        c.employee_id,
        moveViolations(toViolations(c.violations), c.employee_id === schedule.employee_id).real.length,
      ]),
    );
  }, [instant, ev?.id, schedule.employee_id]);
  const broken = (id: string) => verdicts.data?.get(id);

  async function save() {
    if (!instant) return;
    if (override && !reason.trim()) {
      act.setFieldErrors({ override_reason: 'give a reason for the override' });
      return;
    }
    const ok = await act.run(async () => {
      try {
        return await unwrap(
          api.PATCH('/api/v1/schedules/{id}', {
            params: { path: { id: schedule.id } },
            body: {
              employee_id: employeeId,
              schedule_datetime: instant,
              override_reason: override ? reason.trim() : null,
            },
          }),
        );
      } catch (e) {
        if (e instanceof ApiError) setRefused(e.violations);
        throw e;
      }
    });
    if (ok) onSaved();
  }

  const allowedTimes = (ev && rules[ev.event_type]?.start_times) || [];
  // The days of the event's window (it may not move outside it).
  const days = useMemo(() => (ev ? eventDates(ev, tz) : []), [ev, tz]);
  // Keyboard and screen-reader users land in the panel that just opened.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section
      className="move-panel"
      aria-labelledby="move-h"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="move-h" style={{ marginTop: 0 }} tabIndex={-1} ref={heading}>
        Move {ev?.project_name ?? `event ${schedule.event_ref_num}`}
      </h2>
      <p className="muted small">
        Now: {nameOf(employees, schedule.employee_id)}, {formatDate(localDate(schedule.schedule_datetime, tz))}{' '}
        {localTime(schedule.schedule_datetime, tz)}
      </p>
      <div className="row">
        <SelectField label="Employee" value={employeeId} onChange={(e) => setEmployeeId(e.target.value)}>
          {employees.map((e) => {
            const n = broken(e.id);
            return (
              <option key={e.id} value={e.id}>
                {e.name}
                {n == null ? '' : n === 0 ? ' — allowed' : ` — ${n} rule${n > 1 ? 's' : ''} broken`}
              </option>
            );
          })}
        </SelectField>
        {days.length ? (
          <SelectField label="Day" value={date} onChange={(e) => setDate(e.target.value)}>
            {days.includes(date) ? null : <option value={date}>{formatDate(date)}</option>}
            {days.map((d) => (
              <option key={d} value={d}>
                {formatDate(d)}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField label="Day" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        )}
        <TextField label="Start" list="move-times" value={time} onChange={(e) => setTime(e.target.value)} />
        <datalist id="move-times">
          {allowedTimes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </div>
      {allowedTimes.length ? (
        <p className="hint small">
          Allowed start times for {ev?.event_type}: {allowedTimes.join(', ')}
        </p>
      ) : null}
      <div aria-live="polite">
        {unchanged ? <p className="muted">Choose another employee, day or time.</p> : null}
        {checking ? <Loading label="Checking the rules…" /> : null}
        {check && !checking ? (
          check.real.length === 0 ? (
            <p className="verdict-ok">
              ✓ The rules allow this move
              {check.uncertain.length ? ' (limits that count this assignment itself are re-checked on save)' : ''}.
            </p>
          ) : (
            <>
              <p className="field-error">
                <strong>The rules do not allow this move:</strong>
              </p>
              <ul className="violations">
                {check.real.map((v, i) => (
                  <li key={i}>{v.message}</li>
                ))}
              </ul>
            </>
          )
        ) : null}
      </div>
      {refused.length ? (
        <div role="alert">
          <p className="field-error">
            <strong>Refused by the server:</strong>
          </p>
          <ul className="violations">
            {refused.map((v, i) => (
              <li key={i}>{v.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Checkbox
        label="Save anyway (manager override)"
        checked={override}
        onChange={(e) => setOverride(e.target.checked)}
      />
      {override ? (
        <TextField
          label="Reason for the override"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={act.fieldErrors.override_reason}
        />
      ) : null}
      <ErrorBox error={refused.length ? null : act.error} />
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={act.busy || unchanged || !instant || (!!check?.real.length && !override)}
          onClick={() => void save()}
        >
          {act.busy ? 'Saving…' : 'Save move'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <span className="muted small">Escape closes this panel.</span>
      </div>
    </section>
  );
}
