// Users and API keys (admins).
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Notice, Page, Pager, SelectField, TextField } from '../../../ui';
import { ROLES, type Role } from '../../../auth/roles';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { validateUser } from '../validation';

export default function Admin() {
  return (
    <Page title="Users & API keys">
      <Users />
      <ApiKeys />
    </Page>
  );
}

function Users() {
  const { tz, me } = useAuth();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const state = useLoad(
    () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { page, per_page: 50, q: q || undefined, sort: 'email' } } })),
    [page, q],
  );
  return (
    <section className="card" aria-labelledby="users-h">
      <h2 id="users-h">Users</h2>
      <AddUser onDone={state.reload} />
      <div className="filters">
        <TextField
          label="Search users"
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </div>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No users match.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <thead>
                  <tr>
                    <th>E-mail</th>
                    <th>Name</th>
                    <th>Role</th>
                    <th>Status</th>
                    <th>Created</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((u) => (
                    <UserRow key={u.id} u={u} tz={tz} self={u.id === me?.user?.id} onDone={state.reload} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} perPage={50} total={d.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function UserRow({ u, tz, self, onDone }: { u: Schemas['UserOut']; tz: string; self: boolean; onDone: () => void }) {
  const act = useAction();
  const [pw, setPw] = useState<string | null>(null);
  const [pwDone, setPwDone] = useState(false);
  const patch = (body: Schemas['UserPatch']) =>
    void act.run(async () => {
      await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body }));
      onDone();
    });
  return (
    <tr>
      <td data-label="E-mail">{u.email}</td>
      <td data-label="Name">{u.name ?? '—'}</td>
      <td data-label="Role">
        <select
          aria-label={`Role of ${u.email}`}
          value={u.role}
          disabled={self || act.busy}
          onChange={(e) => patch({ role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td data-label="Status">
        {u.is_active ? <Badge tone="ok">active</Badge> : <Badge tone="muted">deactivated</Badge>}
      </td>
      <td data-label="Created">{formatDateTime(u.created_at, tz)}</td>
      <td>
        {!self ? (
          u.is_active ? (
            <button
              type="button"
              className="btn small danger"
              disabled={act.busy}
              onClick={() =>
                void act.run(async () => {
                  await unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id: u.id } } }));
                  onDone();
                })
              }
            >
              Deactivate
            </button>
          ) : (
            <button type="button" className="btn small" disabled={act.busy} onClick={() => patch({ is_active: true })}>
              Reactivate
            </button>
          )
        ) : (
          <span className="muted small">you</span>
        )}
        {!self ? (
          <button
            type="button"
            className="btn small"
            aria-expanded={pw != null}
            onClick={() => {
              setPw(pw == null ? '' : null);
              setPwDone(false);
            }}
          >
            Set password
          </button>
        ) : null}
        {pw != null ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const problem = validateUser({ email: u.email, password: pw, creating: false }).password;
              if (problem) {
                act.setFieldErrors({ password: problem });
                return;
              }
              void act.run(async () => {
                await unwrap(
                  api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { password: pw } }),
                );
                setPw(null);
                setPwDone(true);
              });
            }}
            noValidate
          >
            <TextField
              label={`New password for ${u.email}`}
              type="password"
              autoComplete="new-password"
              value={pw}
              onChange={(e) => setPw(e.target.value)}
              error={act.fieldErrors.password}
            />
            <button type="submit" className="btn small primary" disabled={act.busy}>
              Save password
            </button>
          </form>
        ) : null}
        {pwDone ? (
          <span className="verdict-ok small" role="status">
            Password set
          </span>
        ) : null}
        <ErrorBox error={act.error} />
      </td>
    </tr>
  );
}

function AddUser({ onDone }: { onDone: () => void }) {
  const [v, setV] = useState({ email: '', name: '', password: '', role: 'member' as Role });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const local = validateUser({ ...v, creating: true });
    setErrs(local);
    if (Object.keys(local).length) return;
    const u = await act.run(() =>
      unwrap(
        api.POST('/api/v1/users', {
          body: { email: v.email.trim(), name: v.name.trim() || null, password: v.password, role: v.role },
        }),
      ),
    );
    if (u) {
      setDone(`Created ${u.email}.`);
      setV({ email: '', name: '', password: '', role: 'member' });
      onDone();
    }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-user-h">
      <h3 id="add-user-h">Add a user</h3>
      <div className="row">
        <TextField
          label="E-mail"
          type="email"
          value={v.email}
          onChange={(e) => setV({ ...v, email: e.target.value })}
          error={err('email')}
          autoComplete="off"
        />
        <TextField
          label="Name"
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.target.value })}
          error={err('name')}
        />
        <TextField
          label="Password"
          type="password"
          value={v.password}
          onChange={(e) => setV({ ...v, password: e.target.value })}
          error={err('password')}
          autoComplete="new-password"
          hint="At least 8 characters."
        />
        <SelectField label="Role" value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as Role })}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </SelectField>
        <button className="btn primary" type="submit" disabled={act.busy}>
          Add user
        </button>
      </div>
      <ErrorBox error={act.error} />
      {done ? <Notice>{done}</Notice> : null}
    </form>
  );
}

function ApiKeys() {
  const { tz } = useAuth();
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/api-keys', { params: { query: { per_page: 100, sort: '-created_at' } } })),
    [],
  );
  const [v, setV] = useState({ name: '', role: 'viewer' as Role, expires: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSecret(null);
    if (!v.name.trim()) {
      act.setFieldErrors({ name: 'must not be blank' });
      return;
    }
    const r = await act.run(() =>
      unwrap(
        api.POST('/api/v1/api-keys', {
          body: {
            name: v.name.trim(),
            role: v.role,
            expires_at: v.expires ? new Date(`${v.expires}T23:59:59Z`).toISOString() : null,
          },
        }),
      ),
    );
    if (r) {
      setSecret(r.key);
      setV({ name: '', role: 'viewer', expires: '' });
      state.reload();
    }
  }
  return (
    <section className="card" aria-labelledby="keys-h">
      <h2 id="keys-h">API keys</h2>
      <form onSubmit={submit} noValidate aria-label="Issue an API key">
        <div className="row">
          <TextField
            label="Name"
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.target.value })}
            error={act.fieldErrors.name}
          />
          <SelectField label="Role" value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </SelectField>
          <TextField
            label="Expires (optional)"
            type="date"
            value={v.expires}
            onChange={(e) => setV({ ...v, expires: e.target.value })}
            error={act.fieldErrors.expires_at}
          />
          <button className="btn primary" type="submit" disabled={act.busy}>
            Issue key
          </button>
        </div>
        <ErrorBox error={act.error} />
      </form>
      {secret ? (
        <Notice kind="warn">
          <strong>Copy this key now; it is not shown again:</strong>{' '}
          <code className="mono" style={{ wordBreak: 'break-all' }}>
            {secret}
          </code>
        </Notice>
      ) : null}
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No API keys.')}>
        {(d) => (
          <ul className="plain">
            {d.items.map((k) => (
              <li key={k.id}>
                <strong>{k.name}</strong> <span className="mono">{k.prefix}…</span> <Badge tone="info">{k.role}</Badge>{' '}
                {k.revoked_at ? <Badge tone="muted">revoked</Badge> : null}
                <div className="muted small">
                  created {formatDateTime(k.created_at, tz)} · last used {formatDateTime(k.last_used_at, tz)}
                  {k.expires_at ? ` · expires ${formatDateTime(k.expires_at, tz)}` : ''}
                </div>
                {!k.revoked_at ? (
                  <button
                    type="button"
                    className="btn small danger"
                    disabled={act.busy}
                    onClick={() =>
                      void act.run(async () => {
                        await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
                        state.reload();
                      })
                    }
                  >
                    Revoke
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
