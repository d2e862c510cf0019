// Today and this week at a glance: what needs a person's attention.
import { Link } from 'react-router-dom';
import { api } from '../../../api/client';
import { useMayOpen } from '../../../auth/access';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, Empty, ErrorBox, Loading, Page } from '../../../ui';
import { allEmployees, eventsBetween, nameOf, schedulesBetween } from '../data';
import {
  addDays,
  dateRange,
  formatDate,
  formatDateTime,
  localDate,
  localTime,
  todayIn,
  weekStart,
} from '../../../lib/time';
import { exceptionEventPath } from '../scheduling';
import { useLoad } from '../../../lib/useLoad';

async function count<T>(
  p: Promise<{ data?: { total: number; items: T[] }; response: Response }>,
): Promise<{ total: number; items: T[] } | null> {
  const r = await p;
  return r.data ?? null; // a role that may not read this sees nothing rather than an error
}

export default function Dashboard() {
  const { tz, can } = useAuth();
  const mayOpen = useMayOpen();
  const link = (to: string) => (mayOpen(to) ? to : null); // a number links to its screen only for those who may open it
  const today = todayIn(tz);
  const week = weekStart(today);
  const weekEnd = addDays(week, 6);
  const soon = addDays(today, 3);

  const state = useLoad(async () => {
    const [employees, unstaffed, todays, weekSchedules, proposals, timeOff, exceptions] = await Promise.all([
      allEmployees(),
      // A month back as well: an unstaffed event that is already overdue matters most.
      eventsBetween(addDays(today, -31), addDays(today, 14), { condition: 'Unstaffed' }),
      schedulesBetween(today, today),
      schedulesBetween(week, weekEnd),
      count(
        api.GET('/api/v1/pending-schedules', {
          params: { query: { reviewed: false, per_page: 5, sort: 'schedule_datetime' } },
        }),
      ),
      count(api.GET('/api/v1/time-off', { params: { query: { status: 'pending', per_page: 5, sort: 'start_date' } } })),
      count(
        api.GET('/api/v1/schedule-exceptions', {
          params: { query: { resolved: false, per_page: 5, sort: '-detected_at' } },
        }),
      ),
    ]);
    const todaysEvents = await eventsBetween(today, today);
    return { employees, unstaffed, todays, weekSchedules, proposals, timeOff, exceptions, todaysEvents };
  }, [today, week]);

  const d = state.data;
  const dueSoon = (d?.unstaffed.filter((e) => localDate(e.due_datetime, tz) <= soon) ?? []).sort(
    (a, b) => a.due_datetime.localeCompare(b.due_datetime) || a.id - b.id,
  );
  const endingToday = d?.todaysEvents.filter((e) => localDate(e.due_datetime, tz) === today) ?? [];
  const coveredToday = endingToday.filter((e) => e.condition !== 'Unstaffed').length;
  const working = new Set(d?.todays.map((s) => s.employee_id));

  return (
    <Page
      title={`Today, ${formatDate(today)}`}
      actions={
        <Link className="btn" to="/board">
          Open the board
        </Link>
      }
    >
      <ErrorBox error={state.error} onRetry={state.reload} />
      {!d && !state.error ? <Loading /> : null}
      {d ? (
        <>
          <div className="stats">
            <Stat
              to="/events?condition=Unstaffed"
              num={dueSoon.length}
              label="unstaffed events overdue or due in 3 days"
            />
            <Stat to={link('/scheduler')} num={d.proposals?.total ?? '—'} label="proposals waiting" />
            <Stat to={link('/time-off')} num={d.timeOff?.total ?? '—'} label="time-off requests" />
            <Stat to={link('/scheduler#exceptions')} num={d.exceptions?.total ?? '—'} label="open exceptions" />
            <Stat
              to={null}
              num={endingToday.length ? `${coveredToday}/${endingToday.length}` : '—'}
              label="events due today staffed"
            />
            <Stat
              to={null}
              num={d.weekSchedules.length}
              label={`shifts this week (${formatDate(week, { year: false })} – ${formatDate(weekEnd, { year: false })})`}
            />
          </div>
          <section className="card" aria-labelledby="wk">
            <h2 id="wk">This week</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {dateRange(week, weekEnd).map((day) => (
                      <th key={day} scope="col" className={day === today ? 'today-col' : undefined}>
                        {formatDate(day, { year: false })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">Shifts</th>
                    {dateRange(week, weekEnd).map((day) => (
                      <td key={day}>
                        {d.weekSchedules.filter((s) => localDate(s.schedule_datetime, tz) === day).length}
                      </td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">Unstaffed due</th>
                    {dateRange(week, weekEnd).map((day) => {
                      // Days already past still show what was left unstaffed: overdue, the most urgent.
                      const n = d.unstaffed.filter((e) => localDate(e.due_datetime, tz) === day).length;
                      const overdue = day < today;
                      return (
                        <td key={day}>
                          {n ? (
                            <Link
                              to={`/events?condition=Unstaffed&from=${day}&to=${day}`}
                              aria-label={
                                overdue
                                  ? `${n} overdue: unstaffed, due ${formatDate(day)}`
                                  : `${n} unstaffed, due ${formatDate(day)}`
                              }
                            >
                              <Badge tone={overdue ? 'bad' : 'warn'}>{overdue ? `${n} overdue` : n}</Badge>
                            </Link>
                          ) : overdue ? (
                            '—'
                          ) : (
                            0
                          )}
                        </td>
                      );
                    })}
                  </tr>
                </tbody>
              </table>
            </div>
          </section>
          <div className="grid">
            <section className="card" aria-labelledby="cov">
              <h2 id="cov">Today's coverage</h2>
              <p className="muted small">
                {working.size} of {d.employees.filter((e) => e.active).length} active employees work today.
              </p>
              {d.todays.length === 0 ? (
                <Empty>No one is scheduled today.</Empty>
              ) : (
                <ul className="plain">
                  {d.todays.map((s) => (
                    <li key={s.id}>
                      <strong>{localTime(s.schedule_datetime, tz)}</strong> {nameOf(d.employees, s.employee_id)} ·{' '}
                      {d.todaysEvents.find((e) => e.project_ref_num === s.event_ref_num)?.project_name ??
                        `event ${s.event_ref_num}`}{' '}
                      <Badge>{s.status}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="due">
              <h2 id="due">Unstaffed, due soon</h2>
              {dueSoon.length === 0 ? (
                <Empty>Nothing unstaffed is overdue or due in the next 3 days.</Empty>
              ) : (
                <ul className="plain">
                  {dueSoon.slice(0, 8).map((e) => (
                    <li key={e.id}>
                      <Link to={`/events/${e.id}`}>{e.project_name}</Link> <Badge>{e.event_type}</Badge>
                      {localDate(e.due_datetime, tz) < today ? (
                        <>
                          {' '}
                          <Badge tone="warn">overdue</Badge>
                        </>
                      ) : null}
                      <br />
                      <span className="muted small">
                        due {formatDateTime(e.due_datetime, tz)} · store {e.store_number ?? '—'}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {dueSoon.length > 8 ? <Link to="/events?condition=Unstaffed">All {dueSoon.length}</Link> : null}
            </section>
            {can('manager') ? (
              <section className="card" aria-labelledby="tor">
                <h2 id="tor">Time-off requests</h2>
                {!d.timeOff?.items.length ? (
                  <Empty>No requests wait for a decision.</Empty>
                ) : (
                  <ul className="plain">
                    {d.timeOff.items.map((t) => (
                      <li key={t.id}>
                        {nameOf(d.employees, t.employee_id)}: {formatDate(t.start_date, { year: false })} –{' '}
                        {formatDate(t.end_date, { year: false })}{' '}
                        {t.reason ? <span className="muted">({t.reason})</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
                <Link to="/time-off">Review requests</Link>
              </section>
            ) : null}
            <section className="card" aria-labelledby="exc">
              <h2 id="exc">Open exceptions</h2>
              {!d.exceptions?.items.length ? (
                <Empty>No open exceptions.</Empty>
              ) : (
                <ul className="plain">
                  {d.exceptions.items.map((x) => (
                    <li key={x.id}>
                      <Badge>{x.severity}</Badge> <Badge tone="muted">{x.exception_type}</Badge>{' '}
                      {x.event_ref_num ? (
                        <>
                          <Link to={exceptionEventPath(x)}>{x.event_name ?? `#${x.event_ref_num}`}</Link>:{' '}
                        </>
                      ) : null}
                      {x.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {can('manager') ? (
              <section className="card" aria-labelledby="prop">
                <h2 id="prop">Proposals waiting</h2>
                {!d.proposals?.items.length ? (
                  <Empty>No proposals wait for review.</Empty>
                ) : (
                  <ul className="plain">
                    {d.proposals.items.map((p) => (
                      <li key={p.id}>
                        {nameOf(d.employees, p.employee_id)} →{' '}
                        {d.unstaffed.find((e) => e.project_ref_num === p.event_ref_num)?.project_name ??
                          `event ${p.event_ref_num}`}
                        , {formatDateTime(p.schedule_datetime, tz)}
                      </li>
                    ))}
                  </ul>
                )}
                <Link to="/scheduler">Review proposals</Link>
              </section>
            ) : null}
          </div>
        </>
      ) : null}
    </Page>
  );
}

/** A figure on the dashboard; a link when the caller may open the screen behind it. */
function Stat({ to, num, label }: { to: string | null; num: number | string; label: string }) {
  const body = (
    <>
      <span className="num">{num}</span>
      <span className="lbl">{label}</span>
    </>
  );
  return to ? (
    <Link className="stat" to={to}>
      {body}
    </Link>
  ) : (
    <div className="stat">{body}</div>
  );
}
