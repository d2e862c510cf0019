// An employee's schedule around today, their calendar feed link, and a member's check-in.
import { useState } from 'react';
import { api, unwrap } from '../../../../api/client';
import { useAuth } from '../../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Notice } from '../../../../ui';
import { eventsBetween, schedulesBetween, type Employee } from '../../data';
import { addDays, formatDate, formatDateTime, localDate, todayIn } from '../../../../lib/time';
import { useAction, useLoad } from '../../../../lib/useLoad';

function CheckIn({ scheduleId, onDone }: { scheduleId: number; onDone: () => void }) {
  const act = useAction();
  return (
    <>
      <button
        type="button"
        className="btn small ok"
        disabled={act.busy}
        onClick={() =>
          void act.run(async () => {
            await unwrap(
              api.PUT('/api/v1/schedules/{id}/attendance', {
                params: { path: { id: scheduleId } },
                body: { status: 'present', check_in_time: new Date().toISOString(), method: 'manual' },
              }),
            );
            onDone();
          })
        }
      >
        Check in now
      </button>
      <ErrorBox error={act.error} />
    </>
  );
}

export function EmployeeSchedule({ emp, self }: { emp: Employee; self?: boolean }) {
  const { tz } = useAuth();
  const [checkedIn, setCheckedIn] = useState<number[]>([]);
  const today = todayIn(tz);
  const from = addDays(today, -7);
  const to = addDays(today, 21);
  const state = useLoad(async () => {
    const [schedules, events] = await Promise.all([schedulesBetween(from, to, emp.id), eventsBetween(from, to)]);
    return { schedules, events };
  }, [emp.id, from, to]);
  const feed = useAction();
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const { can } = useAuth();
  return (
    <section className="card" aria-labelledby="sched-h">
      <h2 id="sched-h">
        Schedule, {formatDate(from, { year: false })} – {formatDate(to, { year: false })}
      </h2>
      <Loaded state={state} empty={(d) => (d.schedules.length ? null : 'Nothing scheduled in these four weeks.')}>
        {(d) => (
          <div className="table-wrap">
            <table className="cards">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Event</th>
                  <th>Store</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {d.schedules.map((s) => {
                  const ev = d.events.find((e) => e.project_ref_num === s.event_ref_num);
                  return (
                    <tr key={s.id}>
                      <td data-label="When">{formatDateTime(s.schedule_datetime, tz)}</td>
                      <td data-label="Event">{ev ? `${ev.project_name} (${ev.event_type})` : s.event_ref_num}</td>
                      <td data-label="Store">{ev?.store_name ?? ev?.store_number ?? '—'}</td>
                      <td data-label="Status">
                        <Badge>{s.status}</Badge>
                        {self && localDate(s.schedule_datetime, tz) === today && s.status !== 'cancelled' ? (
                          checkedIn.includes(s.id) ? (
                            <Badge tone="ok">checked in</Badge>
                          ) : (
                            <CheckIn scheduleId={s.id} onDone={() => setCheckedIn((c) => [...c, s.id])} />
                          )
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {can('manager') ? (
        <div className="row" style={{ marginTop: '.75rem' }}>
          <button
            type="button"
            className="btn"
            disabled={feed.busy}
            onClick={() =>
              void feed.run(async () => {
                const f = await unwrap(
                  api.POST('/api/v1/employees/{id}/calendar-feed', { params: { path: { id: emp.id } } }),
                );
                setFeedUrl(new URL(f.url, window.location.origin).toString());
              })
            }
          >
            Create calendar feed link
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={feed.busy}
            onClick={() =>
              void feed.run(async () => {
                await unwrap(api.DELETE('/api/v1/employees/{id}/calendar-feed', { params: { path: { id: emp.id } } }));
                setFeedUrl(null);
              })
            }
          >
            Revoke feeds
          </button>
        </div>
      ) : null}
      <ErrorBox error={feed.error} />
      {feedUrl ? (
        <Notice>
          Subscribe in a calendar app:{' '}
          <a href={feedUrl} className="mono">
            {feedUrl}
          </a>
        </Notice>
      ) : null}
    </section>
  );
}
