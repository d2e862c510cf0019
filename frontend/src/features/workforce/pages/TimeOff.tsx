// Time-off approvals: pending requests first, with a note for each decision.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Query, type Schemas } from '../../../api/client';
import { Badge, ErrorBox, Loaded, Notice, Page, Pager, SelectField, TextField } from '../../../ui';
import { useAuth } from '../../../auth/AuthContext';
import { allEmployees, nameOf, schedulesBetween, type Employee } from '../data';
import { daysBetween, formatDate, formatDateTime, localDate } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

export default function TimeOff() {
  const [status, setStatus] = useState('pending');
  const [page, setPage] = useState(1);
  const state = useLoad(async () => {
    const [list, employees] = await Promise.all([
      unwrap(
        api.GET('/api/v1/time-off', {
          params: {
            query: {
              status: (status || undefined) as Query<'list_time_off'>['status'],
              page,
              per_page: 50,
              sort: 'start_date',
            },
          },
        }),
      ),
      allEmployees(),
    ]);
    return { list, employees };
  }, [status, page]);
  return (
    <Page title="Time-off requests">
      <div className="filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(1);
          }}
        >
          <option value="pending">Pending</option>
          <option value="approved">Approved</option>
          <option value="denied">Denied</option>
          <option value="">All</option>
        </SelectField>
      </div>
      <Loaded
        state={state}
        empty={(d) =>
          d.list.items.length ? null : status === 'pending' ? 'No requests wait for a decision.' : 'No requests.'
        }
      >
        {(d) => (
          <>
            <div className="card">
              <ul className="plain">
                {d.list.items.map((t) => (
                  <Request key={t.id} t={t} employees={d.employees} onDone={state.reload} />
                ))}
              </ul>
            </div>
            <Pager page={page} perPage={50} total={d.list.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function Request({ t, employees, onDone }: { t: Schemas['TimeOffOut']; employees: Employee[]; onDone: () => void }) {
  const [notes, setNotes] = useState('');
  // Work already scheduled in the requested days: approving does not remove it, so the manager should know.
  const clashes = useLoad(
    () => (t.status === 'pending' ? schedulesBetween(t.start_date, t.end_date, t.employee_id) : Promise.resolve([])),
    [t.id, t.status],
  );
  const { tz } = useAuth();
  // Open auto-scheduler proposals in those days: approval will refuse them once this is approved.
  const proposals = useLoad(async () => {
    if (t.status !== 'pending') return [];
    const open = await unwrap(
      api.GET('/api/v1/pending-schedules', {
        params: { query: { employee_id: t.employee_id, reviewed: false, per_page: 200, sort: 'schedule_datetime' } },
      }),
    );
    return open.items.filter((p) => {
      const d = localDate(p.schedule_datetime, tz);
      return d >= t.start_date && d <= t.end_date;
    });
  }, [t.id, t.status, tz]);
  const act = useAction();
  const decide = (kind: 'approve' | 'deny') =>
    void act.run(async () => {
      if (kind === 'approve')
        await unwrap(
          api.POST('/api/v1/time-off/{id}/approve', { params: { path: { id: t.id } }, body: { notes: notes || null } }),
        );
      else
        await unwrap(
          api.POST('/api/v1/time-off/{id}/deny', { params: { path: { id: t.id } }, body: { notes: notes || null } }),
        );
      onDone();
    });
  return (
    <li>
      <strong>{nameOf(employees, t.employee_id)}</strong> <Badge>{t.status}</Badge>
      <br />
      {formatDate(t.start_date)} – {formatDate(t.end_date)} ({daysBetween(t.start_date, t.end_date) + 1} day
      {t.start_date === t.end_date ? '' : 's'})
      {t.reason ? (
        <>
          {' '}
          · <span className="muted">{t.reason}</span>
        </>
      ) : null}
      {t.notes ? <div className="muted small">Note: {t.notes}</div> : null}
      {clashes.data?.filter((x) => x.status !== 'cancelled').length ? (
        <Notice kind="warn">
          Already scheduled in these days:{' '}
          {clashes.data
            .filter((x) => x.status !== 'cancelled')
            .map((x) => formatDateTime(x.schedule_datetime, tz))
            .join('; ')}
          . Approving keeps these; move them on the board.
        </Notice>
      ) : null}
      {proposals.data?.length ? (
        <Notice kind="warn">
          Proposed by the auto-scheduler in these days, not yet reviewed:{' '}
          {proposals.data.map((x) => formatDateTime(x.schedule_datetime, tz)).join('; ')}. Once this is approved they no
          longer fit: reject them, or move them to someone else, on the{' '}
          <Link to={`/scheduler?run=${proposals.data[0].run_id ?? ''}`}>Auto-scheduler</Link> screen.
        </Notice>
      ) : null}
      {t.status === 'pending' ? (
        <div className="row">
          <TextField label="Note (optional)" value={notes} onChange={(e) => setNotes(e.target.value)} />
          <button
            type="button"
            className="btn ok"
            disabled={act.busy}
            onClick={() => decide('approve')}
            aria-label={`Approve time off for ${nameOf(employees, t.employee_id)}`}
          >
            Approve
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={act.busy}
            onClick={() => decide('deny')}
            aria-label={`Deny time off for ${nameOf(employees, t.employee_id)}`}
          >
            Deny
          </button>
        </div>
      ) : null}
      <ErrorBox error={act.error} />
    </li>
  );
}
