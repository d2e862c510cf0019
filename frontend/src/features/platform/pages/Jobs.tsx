// Background jobs (managers run them; admins also switch them on and off and set their schedule):
// each job's state, last run, last error and next run, and its run history.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { SectionNav } from '../../../ui/SectionNav';
import { INTEGRATIONS } from '../menu';
import { Badge, ErrorBox, Loaded, Notice, Page, Pager, ProgressBar, TextField } from '../../../ui';
import {
  FIXED_CADENCE,
  JOB_SCHEDULES,
  detailParts,
  duration,
  jobState,
  parseSchedule,
  scheduleText,
  type JobSchedule,
} from '../integrations';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

type Job = Schemas['JobOut'];

export default function Jobs() {
  const state = useLoad(() => unwrap(api.GET('/api/v1/jobs')), []);
  return (
    <Page
      title="Jobs"
      actions={
        <button type="button" className="btn" onClick={state.reload} disabled={state.loading}>
          Refresh
        </button>
      }
    >
      <SectionNav group={INTEGRATIONS} />
      <p className="muted small">
        Background work the server runs on its own. A failing job is retried after 30 s, 1 min, 2 min … (at most 1 h).
      </p>
      <Loaded state={state} empty={(d) => (d.length ? null : 'No jobs.')}>
        {(d) => (
          <>
            {d.map((j) => (
              <JobCard key={j.name} job={j} onChanged={state.reload} />
            ))}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function JobCard({ job: j, onChanged }: { job: Job; onChanged: () => void }) {
  const { tz, can } = useAuth();
  const admin = can('admin');
  const act = useAction();
  const [result, setResult] = useState<Schemas['RunNowOut'] | null>(null);
  const [history, setHistory] = useState(false);
  const [historyTick, setHistoryTick] = useState(0);
  const st = jobState(j);
  const h = `job-${j.name}`;
  async function run() {
    setResult(null);
    const r = await act.run(() => unwrap(api.POST('/api/v1/jobs/{name}/run', { params: { path: { name: j.name } } })));
    if (r) {
      setResult(r);
      setHistoryTick((t) => t + 1);
    }
    onChanged();
  }
  async function toggle() {
    setResult(null);
    const r = await act.run(() =>
      unwrap(api.PATCH('/api/v1/jobs/{name}', { params: { path: { name: j.name } }, body: { enabled: !j.enabled } })),
    );
    if (r) onChanged();
  }
  return (
    <section className="card" aria-labelledby={h}>
      <div className="job-head">
        <h2 id={h}>{j.name}</h2>
        <Badge tone={st.tone}>{st.label}</Badge>
      </div>
      <p className="muted small">{codeSpans(j.description)}</p>
      <dl className="props">
        <dt>Last run</dt>
        <dd>
          {j.last_started_at ? (
            <>
              {formatDateTime(j.last_started_at, tz)}
              {j.last_finished_at ? (
                <span className="muted small"> · took {duration(j.last_started_at, j.last_finished_at)}</span>
              ) : null}
              {j.last_status ? (
                <>
                  {' '}
                  <Badge tone={j.last_status === 'succeeded' ? 'ok' : 'bad'}>{j.last_status}</Badge>
                </>
              ) : null}
            </>
          ) : (
            <span className="muted">never</span>
          )}
        </dd>
        <dt>Next run</dt>
        <dd>
          {j.enabled ? (
            <>
              {formatDateTime(j.next_run_at, tz)}
              {!j.running && Date.parse(j.next_run_at) <= Date.now() ? (
                <span className="muted small"> · due now</span>
              ) : null}
            </>
          ) : (
            <span className="muted">switched off</span>
          )}
        </dd>
        {j.running && j.lease_owner ? (
          <>
            <dt>Running in</dt>
            <dd className="mono break">{j.lease_owner}</dd>
          </>
        ) : null}
        {j.last_error ? (
          <>
            <dt>Last error</dt>
            <dd className="line-error">{j.last_error}</dd>
          </>
        ) : null}
      </dl>
      {admin && JOB_SCHEDULES[j.name] ? (
        <ScheduleEditor name={j.name} schedule={JOB_SCHEDULES[j.name]} onSaved={onChanged} />
      ) : null}
      {FIXED_CADENCE[j.name] ? <p className="muted small">{FIXED_CADENCE[j.name]}</p> : null}
      <div className="row" style={{ marginTop: '.5rem' }}>
        <button
          type="button"
          className="btn primary"
          disabled={act.busy}
          onClick={() => void run()}
          aria-describedby={h}
        >
          {act.busy ? 'Running…' : 'Run now'}
        </button>
        {admin ? (
          <button
            type="button"
            className={`btn${j.enabled ? ' danger' : ''}`}
            disabled={act.busy}
            onClick={() => void toggle()}
          >
            {j.enabled ? 'Switch off' : 'Switch on'}
          </button>
        ) : null}
        <button
          type="button"
          className="btn"
          aria-expanded={history}
          aria-controls={`${h}-runs`}
          onClick={() => setHistory((o) => !o)}
        >
          {history ? 'Hide run history' : 'Run history'}
        </button>
      </div>
      {act.busy ? <ProgressBar value={null} label={`Running ${j.name}`} /> : null}
      <ErrorBox error={act.error} />
      {result ? (
        result.run ? (
          <Notice kind={result.run.status === 'succeeded' ? 'ok' : 'warn'}>
            {j.name} {result.run.status}
            {result.run.error ? `: ${result.run.error}` : '.'} {detailParts(result.run.details).join(', ')}
          </Notice>
        ) : (
          <Notice>{j.name} had nothing to do; no run was recorded.</Notice>
        )
      ) : null}
      {history ? <RunHistory id={`${h}-runs`} name={j.name} tick={historyTick} /> : null}
    </section>
  );
}

/** Text with `code` spans, as the server's job descriptions write setting names. */
function codeSpans(text: string) {
  return text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}

function ScheduleEditor({ name, schedule, onSaved }: { name: string; schedule: JobSchedule; onSaved: () => void }) {
  const current = useLoad(
    () => unwrap(api.GET('/api/v1/settings/{key}', { params: { path: { key: schedule.key } } })),
    [schedule.key],
  );
  const [text, setText] = useState<string | null>(null);
  const [local, setLocal] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const value = text ?? scheduleText(current.data?.value);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const p = parseSchedule(schedule.kind, value);
    if ('problem' in p) {
      setLocal(p.problem);
      return;
    }
    setLocal(undefined);
    const out = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/settings/{key}', {
          params: { path: { key: schedule.key } },
          body: { value: p.value as unknown as Record<string, never> },
        }),
      ),
    );
    if (out) {
      setSaved(true);
      setText(null);
      current.reload();
      onSaved();
    }
  }
  if (current.error) return <ErrorBox error={current.error} onRetry={current.reload} />;
  if (current.data === undefined) return null;
  return (
    <form className="schedule-form" onSubmit={submit} noValidate aria-label={`Schedule of ${name}`}>
      <div className="row">
        <TextField
          label={schedule.label}
          inputMode={schedule.kind === 'minutes' ? 'numeric' : undefined}
          value={value}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(false);
          }}
          error={local ?? act.fieldErrors.value ?? act.error ?? undefined}
        />
        <button type="submit" className="btn" disabled={act.busy}>
          Save schedule
        </button>
        {saved ? (
          <span className="verdict-ok" role="status">
            Saved
          </span>
        ) : null}
      </div>
      <p className="muted small">
        {schedule.hint} The setting <code>{schedule.key}</code>; applies from the next run on.
      </p>
    </form>
  );
}

function RunHistory({ id, name, tick }: { id: string; name: string; tick: number }) {
  const { tz } = useAuth();
  const [page, setPage] = useState(1);
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/jobs/{name}/runs', { params: { path: { name }, query: { page, per_page: 20 } } })),
    [name, page, tick],
  );
  return (
    <div id={id}>
      <h3>Run history</h3>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No runs yet.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <caption className="sr-only">Runs of {name}, newest first</caption>
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Trigger</th>
                    <th>Status</th>
                    <th>Took</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((r) => (
                    <tr key={r.id}>
                      <td data-label="Started">{formatDateTime(r.started_at, tz)}</td>
                      <td data-label="Trigger">{r.trigger}</td>
                      <td data-label="Status">
                        <Badge tone={r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'bad' : 'info'}>
                          {r.status}
                        </Badge>
                      </td>
                      <td data-label="Took" className="nowrap">
                        {duration(r.started_at, r.finished_at) || '—'}
                      </td>
                      <td data-label="Result" className="break">
                        {r.error ? <div className="line-error">{r.error}</div> : null}
                        <span className="small">{detailParts(r.details).join(', ') || (r.error ? '' : '—')}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} perPage={20} total={d.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </div>
  );
}
