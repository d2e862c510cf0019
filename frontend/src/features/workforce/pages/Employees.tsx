// The roster: search, filters, and adding an employee.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Page, Pager, SelectField, TextField } from '../../../ui';
import { useAction, useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';
import { parseSkills, validateEmployee } from '../validation';

const PER_PAGE = 25;

export default function Employees() {
  const { can } = useAuth();
  const [f, setF] = useQueryState(['q', 'active', 'skill', 'page'] as const);
  const [q, setQ] = useState(f.q);
  const [adding, setAdding] = useState(false);
  const page = Number(f.page || 1);
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/employees', {
          params: {
            query: {
              q: f.q || undefined,
              skill: f.skill || undefined,
              active: f.active === '' ? undefined : f.active === 'true',
              page,
              per_page: PER_PAGE,
              sort: 'name',
            },
          },
        }),
      ),
    [f.q, f.skill, f.active, page],
  );

  return (
    <Page
      title="Employees"
      actions={
        can('manager') ? (
          <button type="button" className="btn primary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
            Add employee
          </button>
        ) : null
      }
    >
      {adding ? <AddEmployee onCancel={() => setAdding(false)} /> : null}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setF({ q });
        }}
      >
        <TextField
          label="Search name, e-mail or id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onBlur={() => setF({ q })}
          type="search"
        />
        <TextField
          label="Skill"
          value={f.skill}
          onChange={(e) => setF({ skill: e.target.value.trim().toLowerCase() })}
          placeholder="e.g. lead"
        />
        <SelectField label="Status" value={f.active} onChange={(e) => setF({ active: e.target.value })}>
          <option value="">Everyone</option>
          <option value="true">Active</option>
          <option value="false">Inactive</option>
        </SelectField>
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No employees match these filters.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Id</th>
                    <th>Skills</th>
                    <th>E-mail</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((e) => (
                    <tr key={e.id}>
                      <td data-label="Name">
                        <Link to={`/employees/${encodeURIComponent(e.id)}`}>{e.name}</Link>
                      </td>
                      <td data-label="Id" className="mono">
                        {e.id}
                      </td>
                      <td data-label="Skills">
                        {e.skills.map((s) => (
                          <Badge key={s} tone="info">
                            {s}
                          </Badge>
                        ))}
                      </td>
                      <td data-label="E-mail">{e.email ?? '—'}</td>
                      <td data-label="Status">
                        {e.active ? <Badge tone="ok">active</Badge> : <Badge tone="muted">inactive</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} perPage={PER_PAGE} total={d.total} onPage={(p) => setF({ page: String(p) })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function AddEmployee({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const [v, setV] = useState({ id: '', name: '', email: '', phone: '', skills: '', hire_date: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const skills = parseSkills(v.skills);
    const local = validateEmployee({ ...v, skills });
    setErrs(local);
    if (Object.keys(local).length) return;
    const created = await act.run(() =>
      unwrap(
        api.POST('/api/v1/employees', {
          body: {
            id: v.id.trim() || null,
            name: v.name.trim(),
            email: v.email.trim() || null,
            phone: v.phone.trim() || null,
            skills,
            hire_date: v.hire_date || null,
            active: true,
          },
        }),
      ),
    );
    if (created) navigate(`/employees/${encodeURIComponent(created.id)}`);
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="add-emp">
      <h2 id="add-emp">New employee</h2>
      <div className="row">
        <TextField label="Name" value={v.name} onChange={set('name')} error={err('name')} required />
        <TextField
          label="Id (optional)"
          value={v.id}
          onChange={set('id')}
          error={err('id')}
          hint="Left empty, the server assigns one such as E0013."
        />
      </div>
      <div className="row">
        <TextField label="E-mail" type="email" value={v.email} onChange={set('email')} error={err('email')} />
        <TextField label="Phone" type="tel" value={v.phone} onChange={set('phone')} error={err('phone')} />
      </div>
      <div className="row">
        <TextField
          label="Skills (comma separated)"
          value={v.skills}
          onChange={set('skills')}
          error={err('skills')}
          placeholder="lead, juicer"
        />
        <TextField
          label="Hire date"
          type="date"
          value={v.hire_date}
          onChange={set('hire_date')}
          error={err('hire_date')}
        />
      </div>
      <ErrorBox error={act.error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Saving…' : 'Add employee'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
