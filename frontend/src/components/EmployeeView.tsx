// One employee: profile and skills, weekly availability, date availability, time off, schedule.
// Managers edit everything; a member sees this for their own record and edits availability and time off.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { Badge, Checkbox, Empty, ErrorBox, Loaded, Notice, SelectField, TextArea, TextField } from './ui';
import { eventsBetween, schedulesBetween, type Employee } from '../lib/data';
import { addDays, formatDate, formatDateTime, localDate, todayIn, WEEKDAYS } from '../lib/time';
import { useAction, useLoad } from '../lib/useLoad';
import { parseSkills, validateEmployee, validateTimeOff, validateWeekly, type WindowDraft } from '../lib/validation';

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
  const tabs: [typeof tab, string][] = [['profile', 'Profile'], ['schedule', 'Schedule'], ['availability', 'Availability'], ['timeoff', 'Time off']];

  return (
    <Loaded state={emp}>
      {(e) => (
        <>
          <p className="muted">{e.id} · {e.skills.length ? e.skills.map((s) => <Badge key={s} tone="info">{s}</Badge>) : 'no skills'} {e.active ? null : <Badge tone="muted">inactive</Badge>}</p>
          <div className="tabs" role="tablist" aria-label="Employee sections" onKeyDown={(ev) => {
            const i = tabs.findIndex(([k]) => k === tab);
            const next = ev.key === 'ArrowRight' ? (i + 1) % tabs.length : ev.key === 'ArrowLeft' ? (i + tabs.length - 1) % tabs.length : -1;
            if (next < 0) return;
            ev.preventDefault();
            setTab(tabs[next][0]);
            document.getElementById(`tab-${tabs[next][0]}`)?.focus();
          }}>
            {tabs.map(([k, label]) => (
              <button key={k} type="button" role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls={`panel-${k}`} tabIndex={tab === k ? 0 : -1} onClick={() => setTab(k)}>{label}</button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'profile' ? <Profile emp={e} editable={manager} onSaved={emp.setData} /> : null}
            {tab === 'schedule' ? <EmployeeSchedule emp={e} self={self} /> : null}
            {tab === 'availability' ? <><WeeklyEditor id={e.id} editable={!!mayEditOwn} onChanged={bump} /><DateAvailability id={e.id} editable={!!mayEditOwn} onChanged={bump} />{manager ? <Overrides id={e.id} onChanged={bump} /> : null}<Resolved id={e.id} version={version} /></> : null}
            {tab === 'timeoff' ? <TimeOffPanel id={e.id} editable={!!mayEditOwn} /> : null}
          </div>
        </>
      )}
    </Loaded>
  );
}

function Profile({ emp, editable, onSaved }: { emp: Employee; editable: boolean; onSaved: (e: Employee) => void }) {
  const [v, setV] = useState({
    name: emp.name, email: emp.email ?? '', phone: emp.phone ?? '', skills: emp.skills.join(', '), active: emp.active,
    hire_date: emp.hire_date ?? '', termination_date: emp.termination_date ?? '', notes: emp.notes ?? '',
  });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => { setSaved(false); setV({ ...v, [k]: e.target.value }); };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const skills = parseSkills(v.skills);
    const local = validateEmployee({ ...v, skills });
    setErrs(local);
    if (Object.keys(local).length) return;
    const out = await act.run(() => unwrap(api.PATCH('/api/v1/employees/{id}', { params: { path: { id: emp.id } }, body: {
      name: v.name.trim(), email: v.email.trim() || null, phone: v.phone.trim() || null, skills, active: v.active,
      hire_date: v.hire_date || null, termination_date: v.termination_date || null, notes: v.notes || null,
    } })));
    if (out) { onSaved(out); setSaved(true); }
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
          <TextField label="Hire date" type="date" value={v.hire_date} onChange={set('hire_date')} error={err('hire_date')} />
          <TextField label="Termination date" type="date" value={v.termination_date} onChange={set('termination_date')} error={err('termination_date')} />
        </div>
        <TextArea label="Notes" value={v.notes} onChange={set('notes')} error={err('notes')} />
        <Checkbox label="Active (inactive employees get no new work)" checked={v.active} onChange={(e) => { setSaved(false); setV({ ...v, active: e.target.checked }); }} />
      </fieldset>
      <ErrorBox error={act.error} />
      {saved ? <Notice>Saved.</Notice> : null}
      {editable ? <button className="btn primary" type="submit" disabled={act.busy}>{act.busy ? 'Saving…' : 'Save profile'}</button> : null}
    </form>
  );
}

function CheckIn({ scheduleId, onDone }: { scheduleId: number; onDone: () => void }) {
  const act = useAction();
  return (
    <>
      <button type="button" className="btn small ok" disabled={act.busy} onClick={() => void act.run(async () => {
        await unwrap(api.PUT('/api/v1/schedules/{id}/attendance', { params: { path: { id: scheduleId } }, body: { status: 'present', check_in_time: new Date().toISOString(), method: 'manual' } }));
        onDone();
      })}>Check in now</button>
      <ErrorBox error={act.error} />
    </>
  );
}

function EmployeeSchedule({ emp, self }: { emp: Employee; self?: boolean }) {
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
      <h2 id="sched-h">Schedule, {formatDate(from, { year: false })} – {formatDate(to, { year: false })}</h2>
      <Loaded state={state} empty={(d) => (d.schedules.length ? null : 'Nothing scheduled in these four weeks.')}>
        {(d) => (
          <div className="table-wrap">
            <table className="cards">
              <thead><tr><th>When</th><th>Event</th><th>Store</th><th>Status</th></tr></thead>
              <tbody>
                {d.schedules.map((s) => {
                  const ev = d.events.find((e) => e.project_ref_num === s.event_ref_num);
                  return (
                    <tr key={s.id}>
                      <td data-label="When">{formatDateTime(s.schedule_datetime, tz)}</td>
                      <td data-label="Event">{ev ? `${ev.project_name} (${ev.event_type})` : s.event_ref_num}</td>
                      <td data-label="Store">{ev?.store_name ?? ev?.store_number ?? '—'}</td>
                      <td data-label="Status"><Badge>{s.status}</Badge>{self && localDate(s.schedule_datetime, tz) === today && s.status !== 'cancelled'
                        ? (checkedIn.includes(s.id) ? <Badge tone="ok">checked in</Badge> : <CheckIn scheduleId={s.id} onDone={() => setCheckedIn((c) => [...c, s.id])} />) : null}</td>
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
          <button type="button" className="btn" disabled={feed.busy} onClick={() => void feed.run(async () => {
            const f = await unwrap(api.POST('/api/v1/employees/{id}/calendar-feed', { params: { path: { id: emp.id } } }));
            setFeedUrl(new URL(f.url, window.location.origin).toString());
          })}>Create calendar feed link</button>
          <button type="button" className="btn danger" disabled={feed.busy} onClick={() => void feed.run(async () => {
            await unwrap(api.DELETE('/api/v1/employees/{id}/calendar-feed', { params: { path: { id: emp.id } } }));
            setFeedUrl(null);
          })}>Revoke feeds</button>
        </div>
      ) : null}
      <ErrorBox error={feed.error} />
      {feedUrl ? <Notice>Subscribe in a calendar app: <a href={feedUrl} className="mono">{feedUrl}</a></Notice> : null}
    </section>
  );
}

type Draft = WindowDraft & { key: number };
let keySeq = 1;

function WeeklyEditor({ id, editable, onChanged }: { id: string; editable: boolean; onChanged: () => void }) {
  const state = useLoad(() => unwrap(api.GET('/api/v1/employees/{id}/weekly-availability', { params: { path: { id } } })), [id]);
  return (
    <section className="card" aria-labelledby="weekly-h">
      <h2 id="weekly-h">Weekly availability</h2>
      <Loaded state={state}>{(body) => <WeeklyForm id={id} editable={editable} initial={body.windows} onChanged={onChanged} />}</Loaded>
    </section>
  );
}

function WeeklyForm({ id, editable, initial, onChanged }: { id: string; editable: boolean; initial: Schemas['WeeklyWindow'][]; onChanged: () => void }) {
  const [rows, setRows] = useState<Draft[]>(() => initial.map((w) => ({ ...w, key: keySeq++ })));
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const update = (key: number, patch: Partial<Draft>) => { setSaved(false); setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r))); };

  async function save() {
    const local = validateWeekly(rows);
    setErrs(local);
    if (Object.keys(local).length) return;
    const out = await act.run(() => unwrap(api.PUT('/api/v1/employees/{id}/weekly-availability', { params: { path: { id } }, body: {
      windows: rows.map(({ day_of_week, start_time, end_time, effective_date }) => ({ day_of_week, start_time, end_time, effective_date: effective_date || null })),
    } })));
    if (out) { setRows(out.windows.map((w) => ({ ...w, key: keySeq++ }))); setSaved(true); onChanged(); }
  }

  return (
    <>
      <p className="muted small">{rows.length === 0 ? 'No weekly pattern: available all day, every day.' : 'Days without a window are days off.'}</p>
      <div className="week-avail">
        {WEEKDAYS.map((day, dow) => {
          const mine = rows.filter((r) => r.day_of_week === dow);
          return (
            <fieldset key={day} className="day" aria-label={day}>
              <legend><strong>{day}</strong> {mine.length === 0 ? <span className="muted small">{rows.length ? 'off' : 'all day'}</span> : null}</legend>
              {mine.map((w) => {
                const i = rows.indexOf(w);
                return (
                  <div key={w.key} className="win">
                    <TextField label={`${day} from`} type="time" value={w.start_time} disabled={!editable} onChange={(e) => update(w.key, { start_time: e.target.value })} />
                    <TextField label="until" type="time" value={w.end_time} disabled={!editable} onChange={(e) => update(w.key, { end_time: e.target.value })} />
                    {editable ? <button type="button" className="btn small danger" aria-label={`Remove ${day} ${w.start_time}–${w.end_time}`} onClick={() => { setSaved(false); setRows((rs) => rs.filter((r) => r.key !== w.key)); }}>Remove</button> : null}
                    {errs[String(i)] ? <small className="field-error" role="alert">{errs[String(i)]}</small> : null}
                    {w.effective_date ? <small className="hint">from {formatDate(w.effective_date)}</small> : null}
                  </div>
                );
              })}
              {editable ? <button type="button" className="btn small" onClick={() => { setSaved(false); setRows((rs) => [...rs, { day_of_week: dow, start_time: '09:00', end_time: '17:00', effective_date: null, key: keySeq++ }]); }}>Add {day} window</button> : null}
            </fieldset>
          );
        })}
      </div>
      <ErrorBox error={act.error ?? errs.windows} />
      {saved ? <Notice>Weekly availability saved.</Notice> : null}
      {editable ? <div className="row" style={{ marginTop: '.75rem' }}><button type="button" className="btn primary" disabled={act.busy} onClick={() => void save()}>{act.busy ? 'Saving…' : 'Save weekly availability'}</button></div> : null}
    </>
  );
}

function DateAvailability({ id, editable, onChanged }: { id: string; editable: boolean; onChanged: () => void }) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 90);
  const state = useLoad(() => unwrap(api.GET('/api/v1/employees/{id}/availability/dates', { params: { path: { id }, query: { from, to } } })), [id, from, to]);
  const [v, setV] = useState({ date: '', available: 'false', start_time: '', end_time: '', reason: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  async function add(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!v.date) local.date = 'must not be blank';
    if (v.available === 'true' && (v.start_time || v.end_time)) {
      if (!v.start_time || !v.end_time) local.end_time = 'give both times, or neither for all day';
      else if (v.end_time <= v.start_time) local.end_time = 'must be after start_time';
    }
    setErrs(local);
    if (Object.keys(local).length) return;
    const ok = await act.run(() => unwrap(api.POST('/api/v1/employees/{id}/availability', { params: { path: { id } }, body: {
      date: v.date, available: v.available === 'true', start_time: v.available === 'true' && v.start_time ? v.start_time : null,
      end_time: v.available === 'true' && v.end_time ? v.end_time : null, reason: v.reason || null,
    } })));
    if (ok) { setV({ ...v, date: '', reason: '' }); state.reload(); onChanged(); }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <section className="card" aria-labelledby="dates-h">
      <h2 id="dates-h">Date availability (next 90 days)</h2>
      <Loaded state={state} empty={(rows) => (rows.length ? null : 'No date-specific availability; the weekly pattern applies.')}>
        {(rows) => (
          <ul className="plain">
            {(rows as unknown as Schemas['DateAvailabilityBody'][]).map((r) => (
              <li key={r.date}>
                <strong>{formatDate(r.date)}</strong>: {r.available ? (r.start_time ? `available ${r.start_time}–${r.end_time}` : 'available all day') : 'unavailable'} {r.reason ? <span className="muted">({r.reason})</span> : null}
                {editable ? <button type="button" className="btn small danger" style={{ marginLeft: '.5rem' }} onClick={() => void act.run(async () => { await unwrap(api.DELETE('/api/v1/employees/{id}/availability/{date}', { params: { path: { id, date: r.date } } })); state.reload(); onChanged(); })}>Remove</button> : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {editable ? (
        <form onSubmit={add} noValidate aria-label="Set availability for a date">
          <div className="row">
            <TextField label="Date" type="date" value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} error={err('date')} />
            <SelectField label="Availability" value={v.available} onChange={(e) => setV({ ...v, available: e.target.value })}>
              <option value="false">Unavailable</option>
              <option value="true">Available</option>
            </SelectField>
            {v.available === 'true' ? <>
              <TextField label="From (optional)" type="time" value={v.start_time} onChange={(e) => setV({ ...v, start_time: e.target.value })} error={err('start_time')} />
              <TextField label="Until (optional)" type="time" value={v.end_time} onChange={(e) => setV({ ...v, end_time: e.target.value })} error={err('end_time')} />
            </> : null}
            <TextField label="Reason" value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} error={err('reason')} />
            <button className="btn" type="submit" disabled={act.busy}>Set for date</button>
          </div>
          <ErrorBox error={act.error} />
        </form>
      ) : null}
    </section>
  );
}

/** Whole-day overrides (managers): they outrank what the employee said about that date. */
function Overrides({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 90);
  const state = useLoad(() => unwrap(api.GET('/api/v1/employees/{id}/availability-overrides', { params: { path: { id }, query: { from, to } } })), [id, from, to]);
  const [v, setV] = useState({ date: '', available: 'false', reason: '' });
  const act = useAction();
  async function add(e: FormEvent) {
    e.preventDefault();
    if (!v.date) { act.setFieldErrors({ date: 'must not be blank' }); return; }
    const ok = await act.run(() => unwrap(api.POST('/api/v1/employees/{id}/availability-overrides', { params: { path: { id } }, body: { date: v.date, available: v.available === 'true', reason: v.reason || null } })));
    if (ok) { setV({ date: '', available: 'false', reason: '' }); state.reload(); onChanged(); }
  }
  return (
    <section className="card" aria-labelledby="ovr-h">
      <h2 id="ovr-h">Manager overrides (next 90 days)</h2>
      <Loaded state={state} empty={(rows) => (rows.length ? null : 'No overrides.')}>
        {(rows) => (
          <ul className="plain">
            {rows.map((o) => {
              // The answer carries each override's id (needed to remove it) though its schema does not list it.
              const overrideId = (o as { id?: number }).id;
              return (
                <li key={o.date}>
                  <strong>{formatDate(o.date)}</strong>: {o.available ? 'available all day' : 'unavailable'} {o.reason ? <span className="muted">({o.reason})</span> : null}
                  {overrideId != null ? <button type="button" className="btn small danger" style={{ marginLeft: '.5rem' }} disabled={act.busy} onClick={() => void act.run(async () => { await unwrap(api.DELETE('/api/v1/employees/{id}/availability-overrides/{override_id}', { params: { path: { id, override_id: overrideId } } })); state.reload(); onChanged(); })}>Remove</button> : null}
                </li>
              );
            })}
          </ul>
        )}
      </Loaded>
      <form onSubmit={add} noValidate aria-label="Set an override">
        <div className="row">
          <TextField label="Override date" type="date" value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} error={act.fieldErrors.date} />
          <SelectField label="Override" value={v.available} onChange={(e) => setV({ ...v, available: e.target.value })}>
            <option value="false">Unavailable all day</option>
            <option value="true">Available all day</option>
          </SelectField>
          <TextField label="Override reason" value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} error={act.fieldErrors.reason} />
          <button className="btn" type="submit" disabled={act.busy}>Set override</button>
        </div>
        <ErrorBox error={act.error} />
      </form>
    </section>
  );
}

const LAYERS: Record<string, string> = { time_off: 'time off', override: 'override', date_availability: 'date', weekly_pattern: 'weekly', default_all_day: 'default' };

function Resolved({ id, version }: { id: string; version: number }) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 13);
  const state = useLoad(() => unwrap(api.GET('/api/v1/employees/{id}/availability', { params: { path: { id }, query: { from, to } } })), [id, from, to, version]);
  return (
    <section className="card" aria-labelledby="resolved-h">
      <h2 id="resolved-h">In force, next two weeks</h2>
      <Loaded state={state}>
        {(r) => (
          <ul className="plain">
            {r.days.map((d) => (
              <li key={d.date}>
                <strong>{formatDate(d.date, { year: false })}</strong>{' '}
                {d.available ? (d.windows as { start_time: string; end_time: string }[]).map((w) => `${w.start_time}–${w.end_time}`).join(', ') || 'available' : <span className="muted">unavailable</span>}{' '}
                <Badge tone="muted">{LAYERS[d.layer] ?? d.layer}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function TimeOffPanel({ id, editable }: { id: string; editable: boolean }) {
  const { can } = useAuth();
  const state = useLoad(() => unwrap(api.GET('/api/v1/time-off', { params: { query: { employee_id: id, per_page: 100, sort: '-start_date' } } })), [id]);
  const [v, setV] = useState({ start_date: '', end_date: '', reason: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = validateTimeOff(v);
    setErrs(local);
    setSent(false);
    if (Object.keys(local).length) return;
    const ok = await act.run(() => unwrap(api.POST('/api/v1/employees/{id}/time-off', { params: { path: { id } }, body: { start_date: v.start_date, end_date: v.end_date, reason: v.reason || null } })));
    if (ok) { setSent(true); setV({ start_date: '', end_date: '', reason: '' }); state.reload(); }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <section className="card" aria-labelledby="to-h">
      <h2 id="to-h">Time off</h2>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No time-off requests.')}>
        {(d) => (
          <ul className="plain">
            {d.items.map((t) => (
              <li key={t.id}>
                {formatDate(t.start_date)} – {formatDate(t.end_date)} <Badge>{t.status}</Badge> {t.reason ? <span className="muted">{t.reason}</span> : null}
                {t.status === 'pending' && (editable || can('manager')) ? <button type="button" className="btn small danger" style={{ marginLeft: '.5rem' }} onClick={() => void act.run(async () => { await unwrap(api.DELETE('/api/v1/time-off/{id}', { params: { path: { id: t.id } } })); state.reload(); })}>Withdraw</button> : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {editable ? (
        <form onSubmit={submit} noValidate aria-label="Request time off">
          <h3>Request time off</h3>
          <div className="row">
            <TextField label="First day" type="date" value={v.start_date} onChange={(e) => setV({ ...v, start_date: e.target.value })} error={err('start_date')} />
            <TextField label="Last day" type="date" value={v.end_date} onChange={(e) => setV({ ...v, end_date: e.target.value })} error={err('end_date')} />
            <TextField label="Reason" value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} error={err('reason')} />
            <button className="btn primary" type="submit" disabled={act.busy}>{act.busy ? 'Sending…' : 'Request'}</button>
          </div>
          <ErrorBox error={act.error} />
          {sent ? <Notice>Request sent{can('manager') ? '' : '; a manager will decide'}.</Notice> : null}
        </form>
      ) : null}
      {!editable && act.error ? <ErrorBox error={act.error} /> : null}
    </section>
  );
}

export function NoEmployee() {
  return <Empty>Your account is not linked to an employee record yet. Ask a manager to link it.</Empty>;
}
