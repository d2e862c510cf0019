// One employee: profile and skills, then tabs for schedule, availability and time off.
// Managers edit everything; a member sees this for their own record and edits availability and time off.
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../../api/client';
import { useAuth } from '../../../../auth/AuthContext';
import { Badge, Checkbox, Empty, ErrorBox, Loaded, Notice, TextArea, TextField } from '../../../../ui';
import type { Employee } from '../../data';
import { useAction, useLoad } from '../../../../lib/useLoad';
import { parseSkills, validateEmployee } from '../../validation';
import { DateAvailability, Overrides, Resolved, WeeklyEditor } from './Availability';
import { EmployeeSchedule } from './Schedule';
import { TimeOffPanel } from './TimeOff';

export function EmployeeView({ id, self, onLoaded }: { id: string; self?: boolean; onLoaded?: (e: Employee) => void }) {
  const { can } = useAuth();
  const emp = useLoad(async () => {
    const e = await unwrap(api.GET('/api/v1/employees/{id}', { params: { path: { id } } }));
    onLoaded?.(e);
    return e;
  }, [id]);
  const manager = can('manager');
  const mayEditOwn = manager || (self && can('member'));
  const [tab, setTab] = useState<'schedule' | 'availability' | 'timeoff' | 'profile'>(self ? 'schedule' : 'profile');
  // Bumped by every availability edit, so the "in force" view reloads.
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const tabs: [typeof tab, string][] = [
    ['profile', 'Profile'],
    ['schedule', 'Schedule'],
    ['availability', 'Availability'],
    ['timeoff', 'Time off'],
  ];

  return (
    <Loaded state={emp}>
      {(e) => (
        <>
          <p className="muted">
            {e.id} ·{' '}
            {e.skills.length
              ? e.skills.map((s) => (
                  <Badge key={s} tone="info">
                    {s}
                  </Badge>
                ))
              : 'no skills'}{' '}
            {e.active ? null : <Badge tone="muted">inactive</Badge>}
          </p>
          <div
            className="tabs"
            role="tablist"
            aria-label="Employee sections"
            onKeyDown={(ev) => {
              const i = tabs.findIndex(([k]) => k === tab);
              const next =
                ev.key === 'ArrowRight'
                  ? (i + 1) % tabs.length
                  : ev.key === 'ArrowLeft'
                    ? (i + tabs.length - 1) % tabs.length
                    : -1;
              if (next < 0) return;
              ev.preventDefault();
              setTab(tabs[next][0]);
              document.getElementById(`tab-${tabs[next][0]}`)?.focus();
            }}
          >
            {tabs.map(([k, label]) => (
              <button
                key={k}
                type="button"
                role="tab"
                id={`tab-${k}`}
                aria-selected={tab === k}
                aria-controls={`panel-${k}`}
                tabIndex={tab === k ? 0 : -1}
                onClick={() => setTab(k)}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'profile' ? <Profile emp={e} editable={manager} onSaved={emp.setData} /> : null}
            {tab === 'schedule' ? <EmployeeSchedule emp={e} self={self} /> : null}
            {tab === 'availability' ? (
              <>
                <WeeklyEditor id={e.id} editable={!!mayEditOwn} onChanged={bump} />
                <DateAvailability id={e.id} editable={!!mayEditOwn} onChanged={bump} />
                {manager ? <Overrides id={e.id} onChanged={bump} /> : null}
                <Resolved id={e.id} version={version} />
              </>
            ) : null}
            {tab === 'timeoff' ? <TimeOffPanel id={e.id} editable={!!mayEditOwn} /> : null}
          </div>
        </>
      )}
    </Loaded>
  );
}

function Profile({ emp, editable, onSaved }: { emp: Employee; editable: boolean; onSaved: (e: Employee) => void }) {
  const [v, setV] = useState({
    name: emp.name,
    email: emp.email ?? '',
    phone: emp.phone ?? '',
    skills: emp.skills.join(', '),
    active: emp.active,
    hire_date: emp.hire_date ?? '',
    termination_date: emp.termination_date ?? '',
    notes: emp.notes ?? '',
  });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => {
    setSaved(false);
    setV({ ...v, [k]: e.target.value });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const skills = parseSkills(v.skills);
    const local = validateEmployee({ ...v, skills });
    setErrs(local);
    if (Object.keys(local).length) return;
    const out = await act.run(() =>
      unwrap(
        api.PATCH('/api/v1/employees/{id}', {
          params: { path: { id: emp.id } },
          body: {
            name: v.name.trim(),
            email: v.email.trim() || null,
            phone: v.phone.trim() || null,
            skills,
            active: v.active,
            hire_date: v.hire_date || null,
            termination_date: v.termination_date || null,
            notes: v.notes || null,
          },
        }),
      ),
    );
    if (out) {
      onSaved(out);
      setSaved(true);
    }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="profile-h">
      <h2 id="profile-h">Profile and skills</h2>
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="row">
          <TextField label="Name" value={v.name} onChange={set('name')} error={err('name')} />
          <TextField label="E-mail" type="email" value={v.email} onChange={set('email')} error={err('email')} />
          <TextField label="Phone" type="tel" value={v.phone} onChange={set('phone')} error={err('phone')} />
        </div>
        <div className="row">
          <TextField label="Skills (comma separated)" value={v.skills} onChange={set('skills')} error={err('skills')} />
          <TextField
            label="Hire date"
            type="date"
            value={v.hire_date}
            onChange={set('hire_date')}
            error={err('hire_date')}
          />
          <TextField
            label="Termination date"
            type="date"
            value={v.termination_date}
            onChange={set('termination_date')}
            error={err('termination_date')}
          />
        </div>
        <TextArea label="Notes" value={v.notes} onChange={set('notes')} error={err('notes')} />
        <Checkbox
          label="Active (inactive employees get no new work)"
          checked={v.active}
          onChange={(e) => {
            setSaved(false);
            setV({ ...v, active: e.target.checked });
          }}
        />
      </fieldset>
      <ErrorBox error={act.error} />
      {saved ? <Notice>Saved.</Notice> : null}
      {editable ? (
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Saving…' : 'Save profile'}
        </button>
      ) : null}
    </form>
  );
}

export function NoEmployee() {
  return <Empty>Your account is not linked to an employee record yet. Ask a manager to link it.</Empty>;
}
