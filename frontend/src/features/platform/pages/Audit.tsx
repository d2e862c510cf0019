// The audit log: every write, who made it, and what changed (before and after).
import { Fragment, useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Loaded, Page, Pager, SelectField, TextField } from '../../../ui';
import { diffChanges, show } from '../diff';
import { addDays, formatDateTime, zonedToUtc } from '../../../lib/time';
import { useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';

const RESOURCES = [
  'employee',
  'event',
  'schedule',
  'pending_schedule',
  'scheduler_run',
  'time_off',
  'rotation',
  'setting',
  'user',
  'api_key',
  'session',
  'attendance',
];

export default function Audit() {
  const { tz, can } = useAuth();
  const admin = can('admin');
  // Only admins may list users; others see user ids.
  const users = useLoad(
    async () => (admin ? (await unwrap(api.GET('/api/v1/users', { params: { query: { per_page: 200 } } }))).items : []),
    [admin],
  );
  const who = (id: string | null | undefined) => {
    if (!id) return 'system';
    const u = users.data?.find((x) => String(x.id) === id);
    return u ? (u.name ?? u.email) : id.startsWith('api_key:') ? `API key ${id.slice(8)}` : `user ${id}`;
  };
  const [f, setF] = useQueryState(['resource_type', 'action', 'user_id', 'from', 'to', 'page'] as const);
  const [open, setOpen] = useState<number | null>(null);
  const page = Number(f.page || 1);
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/audit-logs', {
          params: {
            query: {
              resource_type: f.resource_type || undefined,
              action: f.action || undefined,
              user_id: f.user_id || undefined,
              from: f.from ? zonedToUtc(f.from, '00:00', tz) : undefined,
              to: f.to ? zonedToUtc(addDays(f.to, 1), '00:00', tz) : undefined,
              page,
              per_page: 50,
              sort: '-timestamp',
            },
          },
        }),
      ),
    [f.resource_type, f.action, f.user_id, f.from, f.to, page, tz],
  );
  return (
    <Page title="Audit log">
      <div className="filters">
        <SelectField label="Resource" value={f.resource_type} onChange={(e) => setF({ resource_type: e.target.value })}>
          <option value="">Any</option>
          {RESOURCES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </SelectField>
        <TextField
          label="Action"
          value={f.action}
          onChange={(e) => setF({ action: e.target.value })}
          placeholder="create, update…"
        />
        <TextField label="User id" value={f.user_id} onChange={(e) => setF({ user_id: e.target.value })} />
        <TextField label="From" type="date" value={f.from} onChange={(e) => setF({ from: e.target.value })} />
        <TextField label="To" type="date" value={f.to} onChange={(e) => setF({ to: e.target.value })} />
      </div>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No audit rows match.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>Action</th>
                    <th>Resource</th>
                    <th>Changes</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((row) => {
                    const changes = diffChanges(row.changes);
                    return (
                      <tr key={row.id}>
                        <td data-label="When">{formatDateTime(row.timestamp, tz)}</td>
                        <td data-label="Who">
                          {who(row.user_id)}
                          <div className="muted small">{row.ip_address ?? ''}</div>
                        </td>
                        <td data-label="Action">{row.action}</td>
                        <td data-label="Resource">
                          {row.resource_type} <span className="mono">{row.resource_id ?? ''}</span>
                        </td>
                        <td data-label="Changes">
                          {changes.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <>
                              <button
                                type="button"
                                className="btn small"
                                aria-expanded={open === row.id}
                                onClick={() => setOpen(open === row.id ? null : row.id)}
                              >
                                {changes.length} field{changes.length > 1 ? 's' : ''}
                              </button>
                              {open === row.id ? (
                                <div className="diff" role="table" aria-label="Before and after">
                                  <span role="columnheader" className="muted small">
                                    Field
                                  </span>
                                  <span role="columnheader" className="muted small">
                                    Before
                                  </span>
                                  <span role="columnheader" className="muted small">
                                    After
                                  </span>
                                  {changes.map((c) => (
                                    <Fragment key={c.field}>
                                      <span className="k">{c.field}</span>
                                      <span className="b">{show(c.before)}</span>
                                      <span className="a">{show(c.after)}</span>
                                    </Fragment>
                                  ))}
                                </div>
                              ) : null}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} perPage={50} total={d.total} onPage={(p) => setF({ page: String(p) })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
