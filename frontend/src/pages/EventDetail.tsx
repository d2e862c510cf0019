// One event: its details, who holds it, and scheduling it by hand with the rule checker's verdict live.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../api/client';
import { ApiError, errorMessage, toViolations, type Problem, type Violation } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { Badge, Checkbox, Empty, ErrorBox, Loaded, Loading, Notice, Page, SelectField, TextField } from '../components/ui';
import { allEmployees, nameOf, type Employee } from '../lib/data';
import type { EventTypeRules } from '../lib/eventRules';
import { loadRules } from '../lib/rules';
import { eventDates, eventMinutes, rankCandidates, timeOptions } from '../lib/scheduling';
import { formatDate, formatDateTime, zonedToUtc } from '../lib/time';
import { useAction, useLoad } from '../lib/useLoad';
import { EventForm } from './EventForm';

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
    <Page title={state.data?.ev.project_name ?? 'Event'} actions={<>
      {can('manager') && state.data ? <button type="button" className="btn" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>Edit</button> : null}
      {can('manager') && state.data && state.data.schedules.length === 0 ? <button type="button" className="btn danger" disabled={del.busy} onClick={() => {
        if (!window.confirm('Delete this event? This cannot be undone.')) return;
        void del.run(async () => {
          const r = await api.DELETE('/api/v1/events/{id}', { params: { path: { id: Number(id) } } });
          if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
          navigate('/events');
        });
      }}>Delete</button> : null}
      <Link className="btn" to="/events">All events</Link>
    </>}>
      <ErrorBox error={del.error} />
      <Loaded state={state}>
        {(d) => (
          <>
            {editing ? <EventForm initial={d.ev} onSaved={() => { setEditing(false); state.reload(); }} onCancel={() => setEditing(false)} /> : null}
            <section className="card" aria-labelledby="ev-h">
              <h2 id="ev-h" className="sr-only">Details</h2>
              <dl className="props">
                <dt>Reference</dt><dd className="mono">{d.ev.project_ref_num}</dd>
                <dt>Type</dt><dd>{d.ev.event_type}</dd>
                <dt>Condition</dt><dd><Badge>{d.ev.condition}</Badge></dd>
                <dt>Store</dt><dd>{d.ev.store_name ?? '—'}{d.ev.store_number != null ? ` #${d.ev.store_number}` : ''}</dd>
                <dt>Earliest start</dt><dd>{formatDateTime(d.ev.start_datetime, tz)}</dd>
                <dt>Due</dt><dd>{formatDateTime(d.ev.due_datetime, tz)}</dd>
                <dt>Duration</dt><dd>{eventMinutes(d.ev, d.rules)} minutes{d.ev.estimated_time == null ? ' (type default)' : ''}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="held-h">
              <h2 id="held-h">Scheduled</h2>
              {d.schedules.length === 0 ? <Empty>No one holds this event yet.</Empty> : (
                <ul className="plain">
                  {d.schedules.map((s) => (
                    <li key={s.id}>
                      <strong>{nameOf(d.employees, s.employee_id)}</strong> at {formatDateTime(s.schedule_datetime, tz)} <Badge>{s.status}</Badge>
                      {s.override_reason ? <span className="muted small"> (overridden: {s.override_reason})</span> : null}
                      {can('manager') ? <RemoveSchedule id={s.id} onDone={state.reload} /> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {can('manager') && d.ev.condition === 'Unstaffed' ? <ScheduleForm ev={d.ev} employees={d.employees} rules={d.rules} onSaved={state.reload} /> : null}
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
      <button type="button" className="btn small danger" style={{ marginLeft: '.5rem' }} disabled={act.busy}
        onClick={() => { if (window.confirm('Remove this schedule? The event becomes Unstaffed.')) void act.run(async () => { await unwrap(api.DELETE('/api/v1/schedules/{id}', { params: { path: { id } } })); onDone(); }); }}>
        Unschedule
      </button>
      <ErrorBox error={act.error} />
    </>
  );
}

interface Candidate { id: string; name: string; violations: Violation[] }

function Violations({ list }: { list: Violation[] }) {
  return <ul className="violations">{list.map((v, i) => <li key={i}>{v.message}</li>)}</ul>;
}

function ScheduleForm({ ev, employees, rules, onSaved }: { ev: Schemas['EventOut']; employees: Employee[]; rules: EventTypeRules; onSaved: () => void }) {
  const { tz } = useAuth();
  const dates = useMemo(() => eventDates(ev, tz), [ev, tz]);
  const [date, setDate] = useState(dates[0] ?? '');
  const options = useMemo(() => timeOptions(ev, date, rules, tz), [ev, date, rules, tz]);
  const [time, setTime] = useState('');
  const [employee, setEmployee] = useState('');
  const [verdict, setVerdict] = useState<{ valid: boolean; violations: Violation[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<Violation[]>([]);
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const act = useAction();

  useEffect(() => { if (!options.includes(time)) setTime(options[0] ?? time); }, [options, time]);

  const instant = date && /^\d\d:\d\d$/.test(time) ? zonedToUtc(date, time, tz) : null;

  // The rule checker's verdict for the current choice, as the person edits it.
  useEffect(() => {
    setVerdict(null);
    setRefused([]);
    if (!instant || !employee) return;
    let live = true;
    setChecking(true);
    const t = setTimeout(() => {
      unwrap(api.POST('/api/v1/schedules/validate', { body: { employee_id: employee, event_ref_num: ev.project_ref_num, schedule_datetime: instant } }))
        .then((v) => { if (live) setVerdict({ valid: v.valid, violations: toViolations(v.violations) }); })
        .catch((e) => { if (live) setVerdict({ valid: false, violations: [{ code: 'error', message: errorMessage(e) }] }); })
        .finally(() => { if (live) setChecking(false); });
    }, 250);
    return () => { live = false; clearTimeout(t); };
  }, [instant, employee, ev.project_ref_num]);

  // Who could take it at this time: every active employee with the checker's verdict.
  const candidates = useLoad(async (): Promise<Candidate[]> => {
    if (!instant) return [];
    const list = await unwrap(api.GET('/api/v1/events/{id}/candidates', { params: { path: { id: ev.id }, query: { schedule_datetime: instant } } }));
    return rankCandidates(list.map((c) => ({ id: c.employee_id, name: c.employee_name, violations: toViolations(c.violations) })));
  }, [instant, ev.id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!instant || !employee) { act.setError('Choose a day, a start time and an employee.'); return; }
    if (override && !reason.trim()) { act.setFieldErrors({ override_reason: 'give a reason for the override' }); return; }
    setRefused([]);
    const out = await act.run(async () => {
      try {
        return await unwrap(api.POST('/api/v1/schedules', { body: {
          employee_id: employee, event_ref_num: ev.project_ref_num, schedule_datetime: instant,
          override_reason: override ? reason.trim() : null,
        } }));
      } catch (err) {
        if (err instanceof ApiError && err.violations.length) setRefused(err.violations);
        throw err;
      }
    });
    if (out) { setSaved(true); onSaved(); }
  }

  const allowed = candidates.data?.filter((c) => c.violations.length === 0) ?? [];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="sch-h">
      <h2 id="sch-h">Schedule by hand</h2>
      <div className="row">
        <SelectField label="Day" value={date} onChange={(e) => setDate(e.target.value)}>
          {dates.map((d) => <option key={d} value={d}>{formatDate(d)}</option>)}
        </SelectField>
        <TextField label="Start time" list="start-options" value={time} onChange={(e) => setTime(e.target.value)} placeholder="HH:MM" error={act.fieldErrors.schedule_datetime} />
        <datalist id="start-options">{options.map((o) => <option key={o} value={o} />)}</datalist>
        <SelectField label="Employee" value={employee} onChange={(e) => setEmployee(e.target.value)} error={act.fieldErrors.employee_id}>
          <option value="">Choose…</option>
          {employees.filter((x) => x.active).map((x) => <option key={x.id} value={x.id}>{x.name} ({x.id})</option>)}
        </SelectField>
      </div>
      <p className="hint small">{options.length ? `Start times the ${ev.event_type} rules allow that fit this day: ${options.join(', ')}` : 'No allowed start time fits this day.'}</p>
      <div aria-live="polite" className="verdict">
        {checking ? <Loading label="Checking the rules…" /> : null}
        {verdict && !checking && !refused.length ? (verdict.valid
          ? <p className="verdict-ok">✓ Every rule allows {nameOf(employees, employee)} at {time}.</p>
          : <><p className="field-error"><strong>The rules do not allow this:</strong></p><Violations list={verdict.violations} /></>) : null}
      </div>
      {refused.length ? <div role="alert"><p className="field-error"><strong>Refused by the server:</strong></p><Violations list={refused} /></div> : null}
      <Checkbox label="Save anyway (manager override)" checked={override} onChange={(e) => setOverride(e.target.checked)} />
      {override ? <TextField label="Reason for the override" value={reason} onChange={(e) => setReason(e.target.value)} error={act.fieldErrors.override_reason} /> : null}
      <ErrorBox error={refused.length ? null : act.error} />
      {saved ? <Notice>Scheduled.</Notice> : null}
      <button className="btn primary" type="submit" disabled={act.busy}>{act.busy ? 'Saving…' : 'Schedule'}</button>

      <h3>Who could take it{time ? ` at ${time}` : ''}</h3>
      {!instant ? <p className="muted">Choose a day and start time.</p> : (
        <Loaded state={candidates} empty={(l) => (l.length ? null : 'No active employees.')}>
          {(list) => (
            <>
              <p className="muted small">{allowed.length} of {list.length} active employees are allowed.</p>
              <ul className="plain" aria-label="Candidates">
                {list.map((c) => (
                  <li key={c.id}>
                    <button type="button" className="btn small" onClick={() => setEmployee(c.id)} aria-pressed={employee === c.id}>Pick</button>{' '}
                    <strong>{c.name}</strong> {c.violations.length === 0 ? <Badge tone="ok">allowed</Badge> : <Badge tone="bad">{c.violations.length} rule{c.violations.length > 1 ? 's' : ''} broken</Badge>}
                    {c.violations.length ? <div className="muted small">{c.violations.map((v) => v.message).join(' · ')}</div> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Loaded>
      )}
    </form>
  );
}

/** The event's scheduling override: who must or must not take it, and a preferred start time. */
function OverrideCard({ ev, employees, editable }: { ev: Schemas['EventOut']; employees: Employee[]; editable: boolean }) {
  const state = useLoad(async () => {
    const r = await api.GET('/api/v1/events/{id}/scheduling-override', { params: { path: { id: ev.id } } });
    if (r.response.status === 404) return null;
    if (!r.data) throw new ApiError(r.response.status, null);
    return r.data;
  }, [ev.id]);
  return (
    <section className="card" aria-labelledby="ovr-h">
      <h2 id="ovr-h">Scheduling override</h2>
      <Loaded state={state}>
        {(o) => <OverrideForm key={JSON.stringify(o)} ev={ev} initial={o} employees={employees} editable={editable} onSaved={state.reload} />}
      </Loaded>
    </section>
  );
}

function OverrideForm({ ev, initial, employees, editable, onSaved }: { ev: Schemas['EventOut']; initial: Schemas['SchedulingOverride'] | null; employees: Employee[]; editable: boolean; onSaved: () => void }) {
  const [required, setRequired] = useState(initial?.required_employee_id ?? '');
  const [excluded, setExcluded] = useState<string[]>(initial?.excluded_employee_ids ?? []);
  const [preferred, setPreferred] = useState(initial?.preferred_time ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [saved, setSaved] = useState(false);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (preferred && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(preferred)) { act.setFieldErrors({ preferred_time: 'must be a time written HH:MM' }); return; }
    if (required && excluded.includes(required)) { act.setFieldErrors({ excluded_employee_ids: 'the required employee cannot also be excluded' }); return; }
    const ok = await act.run(() => unwrap(api.PUT('/api/v1/events/{id}/scheduling-override', { params: { path: { id: ev.id } }, body: {
      required_employee_id: required || null, excluded_employee_ids: excluded, preferred_time: preferred || null, notes: notes || null,
    } })));
    if (ok) { setSaved(true); onSaved(); }
  }
  async function clear() {
    const ok = await act.run(async () => {
      const r = await api.DELETE('/api/v1/events/{id}/scheduling-override', { params: { path: { id: ev.id } } });
      if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
      return true;
    });
    if (ok) onSaved();
  }
  if (!editable && !initial) return <p className="muted">None: the usual rules decide who may take it.</p>;
  return (
    <form onSubmit={submit} noValidate aria-label="Scheduling override">
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="row">
          <SelectField label="Only this employee may take it" value={required} onChange={(e) => setRequired(e.target.value)} error={act.fieldErrors.required_employee_id}>
            <option value="">Anyone allowed by the rules</option>
            {employees.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </SelectField>
          <TextField label="Preferred start (HH:MM)" value={preferred} onChange={(e) => setPreferred(e.target.value)} error={act.fieldErrors.preferred_time} placeholder="10:15" />
          <TextField label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} error={act.fieldErrors.notes} />
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend className="small"><strong>These employees may not take it</strong></legend>
          <div className="row">
            {employees.map((x) => (
              <Checkbox key={x.id} label={x.name} checked={excluded.includes(x.id)} onChange={(e) => setExcluded(e.target.checked ? [...excluded, x.id] : excluded.filter((i) => i !== x.id))} />
            ))}
          </div>
          {act.fieldErrors.excluded_employee_ids ? <small className="field-error">{act.fieldErrors.excluded_employee_ids}</small> : null}
        </fieldset>
      </fieldset>
      <ErrorBox error={act.error} />
      {saved ? <Notice>Override saved; the checker and the auto-scheduler follow it.</Notice> : null}
      {editable ? (
        <div className="row">
          <button className="btn" type="submit" disabled={act.busy}>Save override</button>
          {initial ? <button className="btn danger" type="button" disabled={act.busy} onClick={() => void clear()}>Remove override</button> : null}
        </div>
      ) : null}
    </form>
  );
}
