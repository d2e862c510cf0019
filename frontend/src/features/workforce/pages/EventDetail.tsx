// One event: its details, who holds it, and scheduling it by hand with the rule checker's verdict live.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { ApiError, type Problem } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, Empty, ErrorBox, Loaded, Page } from '../../../ui';
import { allEmployees, nameOf } from '../data';
import { loadRules } from '../rules';
import { eventMinutes } from '../scheduling';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { EventForm } from '../components/EventForm';
import { OverrideCard } from '../components/event/OverrideCard';
import { ScheduleForm } from '../components/event/ScheduleForm';

export default function EventDetail() {
  const { id = '' } = useParams();
  const { tz, can } = useAuth();
  const state = useLoad(async () => {
    const ev = await unwrap(api.GET('/api/v1/events/{id}', { params: { path: { id: Number(id) } } }));
    const [schedules, employees, rules] = await Promise.all([
      unwrap(api.GET('/api/v1/schedules', { params: { query: { event_ref_num: ev.project_ref_num, per_page: 50 } } })),
      allEmployees(),
      loadRules(),
    ]);
    return { ev, schedules: schedules.items, employees, rules: rules.rules };
  }, [id]);

  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const del = useAction();
  return (
    <Page
      title={state.data?.ev.project_name ?? 'Event'}
      actions={
        <>
          {can('manager') && state.data ? (
            <button type="button" className="btn" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              Edit
            </button>
          ) : null}
          {can('manager') && state.data && state.data.schedules.length === 0 ? (
            <button
              type="button"
              className="btn danger"
              disabled={del.busy}
              onClick={() => {
                if (!window.confirm('Delete this event? This cannot be undone.')) return;
                void del.run(async () => {
                  const r = await api.DELETE('/api/v1/events/{id}', { params: { path: { id: Number(id) } } });
                  if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
                  navigate('/events');
                });
              }}
            >
              Delete
            </button>
          ) : null}
          <Link className="btn" to="/events">
            All events
          </Link>
        </>
      }
    >
      <ErrorBox error={del.error} />
      <Loaded state={state}>
        {(d) => (
          <>
            {editing ? (
              <EventForm
                initial={d.ev}
                onSaved={() => {
                  setEditing(false);
                  state.reload();
                }}
                onCancel={() => setEditing(false)}
              />
            ) : null}
            <section className="card" aria-labelledby="ev-h">
              <h2 id="ev-h" className="sr-only">
                Details
              </h2>
              <dl className="props">
                <dt>Reference</dt>
                <dd className="mono">{d.ev.project_ref_num}</dd>
                <dt>Type</dt>
                <dd>{d.ev.event_type}</dd>
                <dt>Condition</dt>
                <dd>
                  <Badge>{d.ev.condition}</Badge>
                </dd>
                <dt>Store</dt>
                <dd>
                  {d.ev.store_name ?? '—'}
                  {d.ev.store_number != null ? ` #${d.ev.store_number}` : ''}
                </dd>
                <dt>Earliest start</dt>
                <dd>{formatDateTime(d.ev.start_datetime, tz)}</dd>
                <dt>Due</dt>
                <dd>{formatDateTime(d.ev.due_datetime, tz)}</dd>
                <dt>Duration</dt>
                <dd>
                  {eventMinutes(d.ev, d.rules)} minutes{d.ev.estimated_time == null ? ' (type default)' : ''}
                </dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="held-h">
              <h2 id="held-h">Scheduled</h2>
              {d.schedules.length === 0 ? (
                <Empty>No one holds this event yet.</Empty>
              ) : (
                <ul className="plain">
                  {d.schedules.map((s) => (
                    <li key={s.id}>
                      <strong>{nameOf(d.employees, s.employee_id)}</strong> at {formatDateTime(s.schedule_datetime, tz)}{' '}
                      <Badge>{s.status}</Badge>
                      {s.override_reason ? (
                        <span className="muted small"> (overridden: {s.override_reason})</span>
                      ) : null}
                      {can('manager') ? <RemoveSchedule id={s.id} onDone={state.reload} /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {can('manager') && d.ev.condition === 'Unstaffed' ? (
              <ScheduleForm ev={d.ev} employees={d.employees} rules={d.rules} onSaved={state.reload} />
            ) : null}
            <OverrideCard ev={d.ev} employees={d.employees} editable={can('manager')} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function RemoveSchedule({ id, onDone }: { id: number; onDone: () => void }) {
  const act = useAction();
  return (
    <>
      <button
        type="button"
        className="btn small danger"
        style={{ marginLeft: '.5rem' }}
        disabled={act.busy}
        onClick={() => {
          if (window.confirm('Remove this schedule? The event becomes Unstaffed.'))
            void act.run(async () => {
              await unwrap(api.DELETE('/api/v1/schedules/{id}', { params: { path: { id } } }));
              onDone();
            });
        }}
      >
        Unschedule
      </button>
      <ErrorBox error={act.error} />
    </>
  );
}
