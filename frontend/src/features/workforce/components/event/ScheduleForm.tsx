// Scheduling an event by hand: the rule checker's verdict as the manager chooses, who could take
// it at that time, and the server's refusal (or a manager override with a reason).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../../api/client';
import { ApiError, errorMessage, toViolations, type Violation } from '../../../../api/problem';
import { useAuth } from '../../../../auth/AuthContext';
import { Badge, Checkbox, ErrorBox, Loaded, Loading, Notice, SelectField, TextField } from '../../../../ui';
import { nameOf, type Employee } from '../../data';
import type { EventTypeRules } from '../../eventRules';
import { candidatesOf, eventDates, timeOptions, type Candidate } from '../../scheduling';
import { formatDate, todayIn, zonedToUtc } from '../../../../lib/time';
import { useAction, useLoad } from '../../../../lib/useLoad';

function Violations({ list }: { list: Violation[] }) {
  return (
    <ul className="violations">
      {list.map((v, i) => (
        <li key={i}>{v.message}</li>
      ))}
    </ul>
  );
}

export function ScheduleForm({
  ev,
  employees,
  rules,
  onSaved,
}: {
  ev: Schemas['EventOut'];
  employees: Employee[];
  rules: EventTypeRules;
  onSaved: () => void;
}) {
  const { tz } = useAuth();
  const dates = useMemo(() => eventDates(ev, tz), [ev, tz]);
  // Today, or the window's first day still ahead, rather than a day already past.
  const [date, setDate] = useState(() => dates.find((d) => d >= todayIn(tz)) ?? dates[0] ?? '');
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

  useEffect(() => {
    if (!options.includes(time)) setTime(options[0] ?? time);
  }, [options, time]);

  const instant = date && /^\d\d:\d\d$/.test(time) ? zonedToUtc(date, time, tz) : null;

  // The rule checker's verdict for the current choice, as the person edits it.
  useEffect(() => {
    setVerdict(null);
    setRefused([]);
    if (!instant || !employee) return;
    let live = true;
    setChecking(true);
    const t = setTimeout(() => {
      unwrap(
        api.POST('/api/v1/schedules/validate', {
          body: { employee_id: employee, event_ref_num: ev.project_ref_num, schedule_datetime: instant },
        }),
      )
        .then((v) => {
          if (live) setVerdict({ valid: v.valid, violations: toViolations(v.violations) });
        })
        .catch((e) => {
          if (live) setVerdict({ valid: false, violations: [{ code: 'error', message: errorMessage(e) }] });
        })
        .finally(() => {
          if (live) setChecking(false);
        });
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [instant, employee, ev.project_ref_num]);

  // Who could take it at this time: every active employee with the checker's verdict.
  const candidates = useLoad(async (): Promise<Candidate[]> => {
    if (!instant) return [];
    const list = await unwrap(
      api.GET('/api/v1/events/{id}/candidates', {
        params: { path: { id: ev.id }, query: { schedule_datetime: instant } },
      }),
    );
    return candidatesOf(list);
  }, [instant, ev.id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!instant || !employee) {
      act.setError('Choose a day, a start time and an employee.');
      return;
    }
    if (override && !reason.trim()) {
      act.setFieldErrors({ override_reason: 'give a reason for the override' });
      return;
    }
    setRefused([]);
    const out = await act.run(async () => {
      try {
        return await unwrap(
          api.POST('/api/v1/schedules', {
            body: {
              employee_id: employee,
              event_ref_num: ev.project_ref_num,
              schedule_datetime: instant,
              override_reason: override ? reason.trim() : null,
            },
          }),
        );
      } catch (err) {
        if (err instanceof ApiError && err.violations.length) setRefused(err.violations);
        throw err;
      }
    });
    if (out) {
      setSaved(true);
      onSaved();
    }
  }

  const allowed = candidates.data?.filter((c) => c.violations.length === 0) ?? [];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="sch-h">
      <h2 id="sch-h">Schedule by hand</h2>
      <div className="row">
        <SelectField label="Day" value={date} onChange={(e) => setDate(e.target.value)}>
          {dates.map((d) => (
            <option key={d} value={d}>
              {formatDate(d)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Start time"
          list="start-options"
          value={time}
          onChange={(e) => setTime(e.target.value)}
          placeholder="HH:MM"
          error={act.fieldErrors.schedule_datetime}
        />
        <datalist id="start-options">
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <SelectField
          label="Employee"
          value={employee}
          onChange={(e) => setEmployee(e.target.value)}
          error={act.fieldErrors.employee_id}
        >
          <option value="">Choose…</option>
          {employees
            .filter((x) => x.active)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {x.name} ({x.id})
              </option>
            ))}
        </SelectField>
      </div>
      <p className="hint small">
        {options.length
          ? `Start times the ${ev.event_type} rules allow that fit this day: ${options.join(', ')}`
          : 'No allowed start time fits this day.'}
      </p>
      <div aria-live="polite" className="verdict">
        {checking ? <Loading label="Checking the rules…" /> : null}
        {verdict && !checking && !refused.length ? (
          verdict.valid ? (
            <p className="verdict-ok">
              ✓ Every rule allows {nameOf(employees, employee)} at {time}.
            </p>
          ) : (
            <>
              <p className="field-error">
                <strong>The rules do not allow this:</strong>
              </p>
              <Violations list={verdict.violations} />
            </>
          )
        ) : null}
      </div>
      {refused.length ? (
        <div role="alert">
          <p className="field-error">
            <strong>Refused by the server:</strong>
          </p>
          <Violations list={refused} />
        </div>
      ) : null}
      <Checkbox
        label="Save anyway (manager override)"
        checked={override}
        onChange={(e) => setOverride(e.target.checked)}
      />
      {override ? (
        <TextField
          label="Reason for the override"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={act.fieldErrors.override_reason}
        />
      ) : null}
      <ErrorBox error={refused.length ? null : act.error} />
      {saved ? <Notice>Scheduled.</Notice> : null}
      <button className="btn primary" type="submit" disabled={act.busy}>
        {act.busy ? 'Saving…' : 'Schedule'}
      </button>

      <h3>Who could take it{time ? ` at ${time}` : ''}</h3>
      {!instant ? (
        <p className="muted">Choose a day and start time.</p>
      ) : (
        <Loaded state={candidates} empty={(l) => (l.length ? null : 'No active employees.')}>
          {(list) => (
            <>
              <p className="muted small">
                {allowed.length} of {list.length} active employees are allowed.
              </p>
              <ul className="plain" aria-label="Candidates">
                {list.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => setEmployee(c.id)}
                      aria-pressed={employee === c.id}
                    >
                      Pick
                    </button>{' '}
                    <strong>{c.name}</strong>{' '}
                    {c.violations.length === 0 ? (
                      <Badge tone="ok">allowed</Badge>
                    ) : (
                      <Badge tone="bad">
                        {c.violations.length} rule{c.violations.length > 1 ? 's' : ''} broken
                      </Badge>
                    )}
                    {c.violations.length ? (
                      <div className="muted small">{c.violations.map((v) => v.message).join(' · ')}</div>
                    ) : null}
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
