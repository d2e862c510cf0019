// The auto-scheduler: start a run, watch it, review its proposals and the events it could not place.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../../api/client';
import { ApiError, toViolations } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import {
  Badge,
  Confidence,
  ErrorBox,
  Loaded,
  Loading,
  Notice,
  Page,
  Pager,
  ProgressBar,
  SelectField,
  TextField,
} from '../../../ui';
import { allEmployees, eventsBetween, nameOf, type Employee, type EventOut } from '../data';
import { parseRules, type EventTypeRules } from '../eventRules';
import { loadRules } from '../rules';
import { candidatesOf, eventDates, exceptionEventPath, startPassed, timeOptions, type Candidate } from '../scheduling';
import {
  addDays,
  formatDate,
  formatDateTime,
  localDate,
  localTime,
  sameInstant,
  todayIn,
  zonedToUtc,
} from '../../../lib/time';
import { notifyUnreadChanged } from '../../platform/unread';
import { useQueryState } from '../../../lib/useQueryState';
import { hm } from '../../../lib/validation';
import { useAction, useLoad } from '../../../lib/useLoad';

type Run = Schemas['RunOut'];
const PER_PAGE = 50;

export default function Scheduler() {
  const runs = useLoad(
    () => unwrap(api.GET('/api/v1/scheduler/runs', { params: { query: { per_page: 10, sort: '-run_at' } } })),
    [],
  );
  // The run shown is in the address (?run=), so other screens can link to one.
  const [q, setQ] = useQueryState(['run'] as const);
  const runId = Number(q.run) > 0 ? Number(q.run) : null;
  const setRunId = (id: number) => setQ({ run: String(id) });
  const current = runId ?? runs.data?.items[0]?.id ?? null;
  return (
    <Page title="Auto-scheduler">
      <StartRun
        onStarted={(r) => {
          setRunId(r.id);
          runs.reload();
        }}
      />
      <Loaded state={runs} empty={(d) => (d.items.length ? null : 'No runs yet. Start one above.')}>
        {(d) => (
          <>
            <SelectField label="Run" value={String(current ?? '')} onChange={(e) => setRunId(Number(e.target.value))}>
              {current != null && !d.items.some((r) => r.id === current) ? (
                <option value={current}>Run {current}</option>
              ) : null}
              {d.items.map((r) => (
                <option key={r.id} value={r.id}>
                  Run {r.id}: {r.date_range_start} – {r.date_range_end} ({r.status})
                </option>
              ))}
            </SelectField>
            {current != null ? <RunView key={current} id={current} onChanged={runs.reload} /> : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function StartRun({ onStarted }: { onStarted: (r: Run) => void }) {
  const { tz } = useAuth();
  const today = todayIn(tz);
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState(addDays(today, 13));
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!start) local.date_range_start = 'must not be blank';
    if (!end) local.date_range_end = 'must not be blank';
    else if (end < start) local.date_range_end = 'must not be before the first day';
    setErrs(local);
    if (Object.keys(local).length) return;
    const r = await act.run(() =>
      unwrap(api.POST('/api/v1/scheduler/runs', { body: { date_range_start: start, date_range_end: end } })),
    );
    if (r) onStarted(r);
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="start-h">
      <h2 id="start-h">Start a run</h2>
      <p className="muted small">
        Proposes an employee and time for every unstaffed event in the range. Nothing changes until you approve. Earlier
        runs’ proposals for the same events, open or rejected, are replaced by the new ones (the audit log keeps them).
      </p>
      <div className="row">
        <TextField
          label="From"
          type="date"
          value={start}
          onChange={(e) => setStart(e.target.value)}
          error={err('date_range_start')}
        />
        <TextField
          label="To"
          type="date"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          error={err('date_range_end')}
        />
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Starting…' : 'Start run'}
        </button>
      </div>
      <ErrorBox error={act.error} />
    </form>
  );
}

function RunView({ id, onChanged }: { id: number; onChanged: () => void }) {
  const { tz } = useAuth();
  const run = useLoad(() => unwrap(api.GET('/api/v1/scheduler/runs/{id}', { params: { path: { id } } })), [id]);
  const running = run.data?.status === 'running';
  const { reload } = run;
  const [elapsed, setElapsed] = useState(0);

  // Poll while the run works; show how long it has taken.
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    const poll = setInterval(reload, 1000);
    const tick = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 500);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [running, reload]);
  const status = run.data?.status;
  useEffect(() => {
    if (status && status !== 'running') {
      onChanged();
      notifyUnreadChanged();
    }
  }, [status]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Loaded state={run}>
      {(r) => (
        <>
          <section className="card" aria-labelledby="run-h" aria-busy={running}>
            <h2 id="run-h">
              Run {r.id} <Badge>{r.status}</Badge>
            </h2>
            {running ? (
              <>
                <ProgressBar
                  value={
                    r.events_processed && r.events_processed > 0
                      ? ((r.events_assigned ?? 0) + (r.events_failed ?? 0)) / r.events_processed
                      : null
                  }
                  label="Run progress"
                />
                <p role="status">Working… {elapsed}s</p>
              </>
            ) : null}
            <div className="stats">
              <div className="stat">
                <span className="num">{r.events_processed ?? '—'}</span>
                <span className="lbl">events considered</span>
              </div>
              <div className="stat">
                <span className="num">{r.events_assigned ?? '—'}</span>
                <span className="lbl">proposed</span>
              </div>
              <div className="stat">
                <span className="num">{r.events_failed ?? '—'}</span>
                <span className="lbl">could not be placed</span>
              </div>
              <div className="stat">
                <span className="num">
                  {r.execution_time_seconds != null ? `${r.execution_time_seconds.toFixed(2)}s` : '—'}
                </span>
                <span className="lbl">run time</span>
              </div>
            </div>
            <p className="muted small">
              {r.date_range_start} – {r.date_range_end} · started {formatDateTime(r.run_at, tz)}
              {r.started_by === 'auto' ? ' automatically' : ''}
            </p>
            {r.error_log ? <ErrorBox error={r.error_log} /> : null}
            {r.settings_snapshot ? (
              <details>
                <summary>Rules in force for this run</summary>
                <RulesInForce snapshot={r.settings_snapshot} />
              </details>
            ) : null}
          </section>
          {!running ? <Proposals run={r} /> : null}
          {!running ? <Exceptions runId={r.id} failed={r.events_failed ?? 0} /> : null}
        </>
      )}
    </Loaded>
  );
}

/** A run's settings snapshot (`RulesOut`) as a manager reads it: the limits and one row per event type. */
function RulesInForce({ snapshot }: { snapshot: unknown }) {
  const snap = (snapshot ?? {}) as {
    timezone?: string;
    settings?: { max_events_per_employee_per_day?: number | null; max_minutes_per_week?: number | null };
    event_types?: unknown;
  };
  const types = parseRules(snap.event_types);
  const limit = (n: number | null | undefined, unit: string) => (n == null ? 'no limit' : `${n} ${unit}`);
  return (
    <>
      <p className="small">
        Time zone {snap.timezone ?? '—'} · at most {limit(snap.settings?.max_events_per_employee_per_day, 'events')} per
        employee a day · at most {limit(snap.settings?.max_minutes_per_week, 'minutes')} per employee a week
      </p>
      {types ? (
        <div className="table-wrap">
          <table className="cards">
            <thead>
              <tr>
                <th>Type</th>
                <th>Skills (any one)</th>
                <th>Start times</th>
                <th>Minutes</th>
                <th>Per employee a day</th>
                <th>Rotation</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(types).map(([name, t]) => (
                <tr key={name}>
                  <td data-label="Type">{name}</td>
                  <td data-label="Skills (any one)">{t.skills_any.length ? t.skills_any.join(', ') : 'anyone'}</td>
                  <td data-label="Start times">{t.start_times.join(', ')}</td>
                  <td data-label="Minutes">{t.default_minutes}</td>
                  <td data-label="Per employee a day">{t.max_per_employee_per_day ?? 'no limit'}</td>
                  <td data-label="Rotation">{t.rotation ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <pre className="json">{JSON.stringify(snapshot, null, 2)}</pre>
      )}
    </>
  );
}

function Proposals({ run }: { run: Run }) {
  const { tz } = useAuth();
  const [page, setPage] = useState(1);
  const [show, setShow] = useState<'open' | 'all'>('open');
  const list = useLoad(async () => {
    const [props, employees, events, rules] = await Promise.all([
      unwrap(
        api.GET('/api/v1/pending-schedules', {
          params: {
            query: {
              run_id: run.id,
              page,
              per_page: PER_PAGE,
              sort: 'schedule_datetime',
              reviewed: show === 'open' ? false : undefined,
            },
          },
        }),
      ),
      allEmployees(),
      run.date_range_start && run.date_range_end
        ? eventsBetween(addDays(run.date_range_start, -31), run.date_range_end)
        : Promise.resolve([] as EventOut[]),
      loadRules(),
    ]);
    return { props, employees, events, rules: rules.rules };
  }, [run.id, page, show]);
  const bulk = useAction();
  const [report, setReport] = useState<Schemas['ApprovalReport'] | null>(null);
  const [rejected, setRejected] = useState<number | null>(null);

  async function all(kind: 'approve' | 'reject') {
    if (kind === 'reject' && !window.confirm('Reject every open proposal of this run? No event changes.')) return;
    const passed = (list.data?.props.items ?? []).filter((p) => startPassed(p)).length;
    const warning = passed ? ` ${passed} of those shown start at a time that has passed; they are approved too.` : '';
    if (
      kind === 'approve' &&
      !window.confirm(
        `Approve every open proposal of this run? Each is checked against the rules again and becomes a schedule; any that no longer fits is listed and stays open.${warning}`,
      )
    )
      return;
    setReport(null);
    setRejected(null);
    if (kind === 'approve') {
      const r = await bulk.run(() =>
        unwrap(api.POST('/api/v1/scheduler/runs/{id}/approve-all', { params: { path: { id: run.id } } })),
      );
      if (r) setReport(r);
    } else {
      const r = await bulk.run(() =>
        unwrap(api.POST('/api/v1/scheduler/runs/{id}/reject-all', { params: { path: { id: run.id } } })),
      );
      if (r) setRejected(r.rejected);
    }
    list.reload();
  }

  return (
    <section className="card" aria-labelledby="prop-h">
      <h2 id="prop-h">Proposals</h2>
      <p className="muted small">
        Confidence is 100% when three or more other employees could take the event as the rest stands, and 50% when the
        proposed employee is the only one; a missed preferred time lowers it (to 25% at worst).
      </p>
      <div className="row" style={{ marginBottom: '.5rem' }}>
        <SelectField
          label="Show"
          value={show}
          onChange={(e) => {
            setShow(e.target.value as 'open' | 'all');
            setPage(1);
          }}
        >
          <option value="open">Waiting for review</option>
          <option value="all">All</option>
        </SelectField>
        <button type="button" className="btn primary" disabled={bulk.busy} onClick={() => void all('approve')}>
          {bulk.busy ? 'Working…' : 'Approve all'}
        </button>
        <button type="button" className="btn danger" disabled={bulk.busy} onClick={() => void all('reject')}>
          Reject all
        </button>
      </div>
      {bulk.busy ? <ProgressBar value={null} label="Approving" /> : null}
      <ErrorBox error={bulk.error} />
      {report ? (
        <div role="status">
          <Notice kind={report.refused.length ? 'warn' : 'ok'}>
            {report.approved.length} approved, {report.refused.length} refused.
          </Notice>
          {report.refused.length ? (
            <>
              <p className="muted small">These no longer fit the rules and stay open below: edit or reject them.</p>
              <ul className="violations">
                {report.refused.map((x, i) => {
                  const r = x as { proposal_id?: number; event_ref_num?: number; violations?: unknown };
                  const ev = list.data?.events.find((e) => e.project_ref_num === r.event_ref_num);
                  return (
                    <li key={i}>
                      <strong>
                        {ev
                          ? `${ev.project_name} (${ev.project_ref_num})`
                          : `Event ${r.event_ref_num ?? r.proposal_id}`}
                      </strong>
                      :{' '}
                      {toViolations(r.violations)
                        .map((v) => v.message)
                        .join('; ')}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {rejected != null ? <Notice>Rejected the open proposals.</Notice> : null}
      <Loaded
        state={list}
        empty={(d) =>
          d.props.items.length
            ? null
            : show === 'open'
              ? 'No proposals wait for review in this run.'
              : (run.events_assigned ?? 0) > 0
                ? 'A later run replaced this run’s proposals; the audit log keeps them (action “supersede”).'
                : 'This run made no proposals.'
        }
      >
        {(d) => (
          <>
            <ul className="plain">
              {d.props.items.map((p) => (
                <ProposalRow
                  key={p.id}
                  p={p}
                  run={run}
                  rules={d.rules}
                  employees={d.employees}
                  ev={d.events.find((e) => e.project_ref_num === p.event_ref_num)}
                  tz={tz}
                  onChanged={list.reload}
                />
              ))}
            </ul>
            <Pager page={page} perPage={PER_PAGE} total={d.props.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function ProposalRow({
  p,
  run,
  rules,
  employees,
  ev,
  tz,
  onChanged,
}: {
  p: Schemas['PendingOut'];
  run: Run;
  rules: EventTypeRules;
  employees: Employee[];
  ev: EventOut | undefined;
  tz: string;
  onChanged: () => void;
}) {
  const act = useAction();
  const [editing, setEditing] = useState(false);
  const [refusal, setRefusal] = useState<string[]>([]);

  // A proposal made earlier for a time that has come and gone since (a run proposes none).
  const passed = startPassed(p);
  async function decide(kind: 'approve' | 'reject' | 'keep-off') {
    setRefusal([]);
    if (
      kind === 'approve' &&
      passed &&
      !window.confirm(
        `This proposal's start (${formatDateTime(p.schedule_datetime, tz)}) has passed. Approve it anyway, as a record of who worked it?`,
      )
    )
      return;
    if (
      kind === 'keep-off' &&
      !window.confirm(
        `Reject, and keep ${who} off this event in later runs? This adds them to the event's excluded employees; you can change that on the event's page.`,
      )
    )
      return;
    const ok = await act.run(async () => {
      if (kind === 'approve') {
        const r = await unwrap(api.POST('/api/v1/pending-schedules/{id}/approve', { params: { path: { id: p.id } } }));
        const refused = r.refused.flatMap((x) =>
          toViolations((x as { violations?: unknown }).violations).map((v) => v.message),
        );
        if (refused.length) {
          setRefusal(refused);
          return false;
        }
      } else {
        await unwrap(
          api.POST('/api/v1/pending-schedules/{id}/reject', {
            params: { path: { id: p.id }, query: { exclude_employee: kind === 'keep-off' } },
          }),
        );
      }
      return true;
    });
    if (ok) onChanged();
  }
  const who = nameOf(employees, p.employee_id);
  const status = p.reviewed ? (p.approved ? 'approved' : 'rejected') : null;
  return (
    <li>
      <div className="row" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <div style={{ flex: '1 1 260px' }}>
          <strong>{ev ? <Link to={`/events/${ev.id}`}>{ev.project_name}</Link> : `Event ${p.event_ref_num}`}</strong>{' '}
          {ev ? <Badge tone="muted">{ev.event_type}</Badge> : null}
          <br />
          {nameOf(employees, p.employee_id)} · {formatDateTime(p.schedule_datetime, tz)}{' '}
          {p.confidence_score == null ? <Badge tone="muted">edited</Badge> : <Confidence value={p.confidence_score} />}{' '}
          {status ? <Badge tone={p.approved ? 'ok' : 'muted'}>{status}</Badge> : null}
          {passed ? (
            <>
              {' '}
              <Badge tone="bad">start passed</Badge>
            </>
          ) : null}
          {p.reason ? <div className="muted small">{p.reason}</div> : null}
        </div>
        {!p.reviewed ? (
          <div className="row">
            <button
              type="button"
              className="btn small ok"
              disabled={act.busy}
              onClick={() => void decide('approve')}
              aria-label={`Approve proposal ${p.id}`}
            >
              Approve
            </button>
            <button
              type="button"
              className="btn small danger"
              disabled={act.busy}
              onClick={() => void decide('reject')}
              aria-label={`Reject proposal ${p.id}`}
              title="Reject; a later run may propose it again"
            >
              Reject
            </button>
            <button
              type="button"
              className="btn small danger"
              disabled={act.busy}
              onClick={() => void decide('keep-off')}
              aria-label={`Reject, keep off: proposal ${p.id}, ${who} not proposed for this event again`}
              title={`Reject, and never propose ${who} for this event again`}
            >
              Reject, keep off
            </button>
            <button type="button" className="btn small" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              Edit
            </button>
          </div>
        ) : null}
      </div>
      {editing ? (
        <ProposalEditor
          p={p}
          run={run}
          rules={rules}
          ev={ev}
          employees={employees}
          tz={tz}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      {refusal.length ? (
        <div role="alert">
          <p className="field-error">Refused by the rules:</p>
          <ul className="violations">
            {refusal.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorBox error={act.error} />
    </li>
  );
}

/**
 * Moving a proposal to another employee or time: the days of the event's window inside the run,
 * the start times its type allows, and every active employee with the verdict the server would
 * give for that time (eligible ones first), so the manager picks among those who fit.
 */
function ProposalEditor({
  p,
  run,
  rules,
  ev,
  employees,
  tz,
  onSaved,
}: {
  p: Schemas['PendingOut'];
  run: Run;
  rules: EventTypeRules;
  ev: EventOut | undefined;
  employees: Employee[];
  tz: string;
  onSaved: () => void;
}) {
  const act = useAction();
  const [emp, setEmpRaw] = useState(p.employee_id);
  const [date, setDateRaw] = useState(localDate(p.schedule_datetime, tz));
  const [time, setTimeRaw] = useState(localTime(p.schedule_datetime, tz));
  const [refusal, setRefusal] = useState<string[]>([]);
  // A change makes the last refusal stale.
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setRefusal([]);
      act.setError(null);
    };
  const [setEmp, setDate, setTime] = [changed(setEmpRaw), changed(setDateRaw), changed(setTimeRaw)];
  // Days of the event's window inside the run, from today on (a day that has passed is no choice).
  const today = todayIn(tz);
  const dates = useMemo(
    () =>
      (ev ? eventDates(ev, tz) : []).filter(
        (d) =>
          d >= today &&
          (!run.date_range_start || d >= run.date_range_start) &&
          (!run.date_range_end || d <= run.date_range_end),
      ),
    [ev, tz, today, run.date_range_start, run.date_range_end],
  );
  const options = useMemo(() => (ev ? timeOptions(ev, date, rules, tz) : []), [ev, date, rules, tz]);
  // A time is asked about once it is whole and real ("25:99" is neither).
  const badTime = time.length >= 5 ? hm(time) : undefined;
  const instant = date && !hm(time) ? zonedToUtc(date, time, tz) : null;
  // While a time is half typed, the last list stays.
  const last = useRef<Candidate[]>([]);
  const candidates = useLoad(async (): Promise<Candidate[]> => {
    if (!instant) return last.current;
    const list = await unwrap(
      api.GET('/api/v1/pending-schedules/{id}/candidates', {
        params: { path: { id: p.id }, query: { schedule_datetime: instant } },
      }),
    );
    return candidatesOf(list);
  }, [p.id, instant]);
  useEffect(() => {
    if (candidates.data) last.current = candidates.data;
  }, [candidates.data]);
  const list = candidates.data ?? [];
  const chosen = list.find((c) => c.id === emp);
  const allowed = list.filter((c) => c.violations.length === 0).length;
  const unchanged = emp === p.employee_id && sameInstant(instant, p.schedule_datetime);
  const blocked = !candidates.loading && chosen != null && chosen.violations.length > 0;

  async function save(e: FormEvent) {
    e.preventDefault();
    setRefusal([]);
    if (!instant) {
      act.setError('Choose a day and a start time (HH:MM).');
      return;
    }
    const ok = await act.run(async () => {
      try {
        return await unwrap(
          api.PATCH('/api/v1/pending-schedules/{id}', {
            params: { path: { id: p.id } },
            body: { employee_id: emp, schedule_datetime: instant },
          }),
        );
      } catch (err) {
        if (err instanceof ApiError) setRefusal(err.violations.map((v) => v.message));
        throw err;
      }
    });
    if (ok) onSaved();
  }
  return (
    <form onSubmit={save} aria-label={`Edit proposal ${p.id}`} className="editor">
      <div className="row">
        {dates.length ? (
          <SelectField label="Day" value={date} onChange={(e) => setDate(e.target.value)}>
            {dates.includes(date) ? null : <option value={date}>{formatDate(date)}</option>}
            {dates.map((d) => (
              <option key={d} value={d}>
                {formatDate(d)}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField label="Day" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        )}
        <TextField
          label="Start"
          list={`starts-${p.id}`}
          value={time}
          onChange={(e) => setTime(e.target.value)}
          placeholder="HH:MM"
          error={badTime}
        />
        <datalist id={`starts-${p.id}`}>
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <SelectField label="Employee" value={emp} onChange={(e) => setEmp(e.target.value)}>
          {list.some((c) => c.id === emp) ? null : <option value={emp}>{nameOf(employees, emp)}</option>}
          {list.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} —{' '}
              {c.violations.length
                ? `${c.violations.length} rule${c.violations.length > 1 ? 's' : ''} broken`
                : 'allowed'}
            </option>
          ))}
        </SelectField>
        <button
          className="btn small primary"
          type="submit"
          disabled={act.busy || unchanged || blocked}
          title={unchanged ? 'Nothing changed' : blocked ? 'The rules do not allow this choice' : undefined}
        >
          {act.busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div aria-live="polite" className="verdict small">
        {candidates.loading ? (
          <Loading label="Checking who could take it…" />
        ) : candidates.error ? (
          <ErrorBox error={candidates.error} />
        ) : instant ? (
          <>
            {options.length ? (
              <p className="hint">
                Start times the {ev?.event_type} rules allow that fit this day: {options.join(', ')}
              </p>
            ) : null}
            <p className="muted">
              {allowed} of {list.length} active employees are allowed at {time} on {formatDate(date)}.
            </p>
            {chosen && chosen.violations.length ? (
              <>
                <p className="field-error">
                  {unchanged ? 'This proposal no longer fits:' : `${chosen.name} would break:`}
                </p>
                <ul className="violations">
                  {chosen.violations.map((v, i) => (
                    <li key={i}>{v.message}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {chosen && !chosen.violations.length ? (
              <p className="verdict-ok">✓ Every rule allows {chosen.name} then.</p>
            ) : null}
          </>
        ) : null}
      </div>
      {refusal.length ? (
        <div role="alert">
          <p className="field-error">Refused by the rules:</p>
          <ul className="violations">
            {refusal.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorBox error={act.error} />
      )}
    </form>
  );
}

export function Exceptions({ runId, failed = 0 }: { runId?: number; failed?: number }) {
  const [page, setPage] = useState(1);
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/schedule-exceptions', {
          params: {
            query: {
              run_id: runId,
              resolved: runId ? undefined : false,
              page,
              per_page: PER_PAGE,
              sort: '-detected_at',
            },
          },
        }),
      ),
    [runId, page],
  );
  const act = useAction();
  // A link to #exceptions (the dashboard's) arrives before this section has loaded.
  const loaded = list.data != null;
  useEffect(() => {
    if (loaded && window.location.hash === '#exceptions') document.getElementById('exceptions')?.scrollIntoView();
  }, [loaded]);
  return (
    <section className="card" id="exceptions" aria-labelledby="exc-h">
      <h2 id="exc-h">Events it could not place</h2>
      <ErrorBox error={act.error} />
      <Loaded
        state={list}
        empty={(d) =>
          d.items.length
            ? null
            : failed > 0
              ? 'A later run took over this run’s exceptions, or they were resolved.'
              : 'Every event in this run found a place.'
        }
      >
        {(d) => (
          <>
            <ul className="plain">
              {d.items.map((x) => (
                <li key={x.id}>
                  <Badge>{x.severity}</Badge> <Badge tone="muted">{x.exception_type}</Badge>{' '}
                  {x.event_ref_num ? (
                    <Link to={exceptionEventPath(x)}>
                      {x.event_name ? (
                        `${x.event_name} (#${x.event_ref_num})`
                      ) : (
                        <span className="mono">#{x.event_ref_num}</span>
                      )}
                    </Link>
                  ) : null}
                  : {x.message}
                  {x.resolved ? (
                    <>
                      {' '}
                      <Badge tone="ok">resolved</Badge>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="btn small"
                      style={{ marginLeft: '.5rem' }}
                      disabled={act.busy}
                      onClick={() =>
                        void act.run(async () => {
                          await unwrap(
                            api.POST('/api/v1/schedule-exceptions/{id}/resolve', { params: { path: { id: x.id } } }),
                          );
                          list.reload();
                        })
                      }
                    >
                      Mark resolved
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <Pager page={page} perPage={PER_PAGE} total={d.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </section>
  );
}
