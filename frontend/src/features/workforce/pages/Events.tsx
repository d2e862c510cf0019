// Events: filters, and importing the planning system's CSV export or a JSON array.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap, type Query, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import {
  Badge,
  ErrorBox,
  Loaded,
  Notice,
  Page,
  Pager,
  ProgressBar,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui';
import { loadRules } from '../rules';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';
import { EventForm } from '../components/EventForm';
import { SyncPanel } from '../components/SyncPanel';

const PER_PAGE = 25;
const TYPES = ['Core', 'Juicer', 'Setup', 'Demo', 'Other'];
const CONDITIONS = ['Unstaffed', 'Scheduled', 'Submitted', 'Paused', 'Reissued'];

export default function Events() {
  const { tz, can } = useAuth();
  const [f, setF] = useQueryState(['q', 'condition', 'event_type', 'from', 'to', 'store_number', 'page'] as const);
  const [q, setQ] = useState(f.q);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const page = Number(f.page || 1);
  // The types' default durations, for events without their own.
  const rules = useLoad(() => loadRules(), []);
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/events', {
          params: {
            query: {
              q: f.q || undefined,
              condition: (f.condition || undefined) as Query<'list_events'>['condition'],
              event_type: f.event_type || undefined,
              from: f.from || undefined,
              to: f.to || undefined,
              store_number: f.store_number ? Number(f.store_number) : undefined,
              page,
              per_page: PER_PAGE,
              sort: 'start_datetime',
            },
          },
        }),
      ),
    [f.q, f.condition, f.event_type, f.from, f.to, f.store_number, page],
  );

  return (
    <Page
      title="Events"
      actions={
        can('manager') ? (
          <>
            <button type="button" className="btn" aria-expanded={creating} onClick={() => setCreating((v) => !v)}>
              New event
            </button>
            <button
              type="button"
              className="btn primary"
              aria-expanded={importing}
              onClick={() => setImporting((v) => !v)}
            >
              Import or sync events
            </button>
          </>
        ) : null
      }
    >
      {creating ? (
        <EventForm initial={null} onSaved={(e) => navigate(`/events/${e.id}`)} onCancel={() => setCreating(false)} />
      ) : null}
      {importing ? (
        <>
          <Import onDone={state.reload} />
          <SyncPanel onSynced={state.reload} />
        </>
      ) : null}
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setF({ q });
        }}
      >
        <TextField
          label="Search name, store or ref"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onBlur={() => setF({ q })}
        />
        <SelectField label="Condition" value={f.condition} onChange={(e) => setF({ condition: e.target.value })}>
          <option value="">Any</option>
          {CONDITIONS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </SelectField>
        <SelectField label="Type" value={f.event_type} onChange={(e) => setF({ event_type: e.target.value })}>
          <option value="">Any</option>
          {TYPES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </SelectField>
        <TextField label="From" type="date" value={f.from} onChange={(e) => setF({ from: e.target.value })} />
        <TextField label="To" type="date" value={f.to} onChange={(e) => setF({ to: e.target.value })} />
        <TextField
          label="Store number"
          inputMode="numeric"
          value={f.store_number}
          onChange={(e) => setF({ store_number: e.target.value.replace(/\D/g, '') })}
        />
        <button className="btn" type="submit">
          Search
        </button>
      </form>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No events match these filters.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Ref</th>
                    <th>Type</th>
                    <th>Store</th>
                    <th>Window</th>
                    <th>Minutes</th>
                    <th>Condition</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((e) => (
                    <tr key={e.id}>
                      <td data-label="Event">
                        <Link to={`/events/${e.id}`}>{e.project_name}</Link>
                      </td>
                      <td data-label="Ref" className="mono">
                        {e.project_ref_num}
                      </td>
                      <td data-label="Type">{e.event_type}</td>
                      <td data-label="Store">
                        {e.store_name ?? '—'}
                        {e.store_number != null ? ` #${e.store_number}` : ''}
                      </td>
                      <td data-label="Window">
                        {formatDateTime(e.start_datetime, tz)} → {formatDateTime(e.due_datetime, tz)}
                      </td>
                      <td data-label="Minutes">
                        {e.estimated_time ?? (
                          <span className="muted" title={`The ${e.event_type} type's default`}>
                            {rules.data?.rules[e.event_type]?.default_minutes ?? 'default'}
                          </span>
                        )}
                      </td>
                      <td data-label="Condition">
                        <Badge>{e.condition}</Badge>
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

function Import({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [report, setReport] = useState<Schemas['ImportReport'] | null>(null);
  const act = useAction();

  async function pick(file: File | undefined) {
    if (!file) return;
    setName(file.name);
    setText(await file.text());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setReport(null);
    const body = text.trim();
    if (!body) {
      act.setError('Choose a CSV or JSON file, or paste its content.');
      return;
    }
    const isJson = body.startsWith('[') || body.startsWith('{');
    if (isJson) {
      try {
        JSON.parse(body);
      } catch (err) {
        act.setError(`The JSON cannot be read: ${(err as Error).message}`);
        return;
      }
    }
    const r = await act.run(() =>
      unwrap(
        api.POST('/api/v1/events/import', {
          body: body as never,
          bodySerializer: (b: unknown) => b as string,
          headers: { 'content-type': isJson ? 'application/json' : 'text/csv' },
        }),
      ),
    );
    if (r) {
      setReport(r);
      onDone();
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="imp-h">
      <h2 id="imp-h">Import events</h2>
      <p className="muted small">
        The planning system's CSV export (headers Project Name, Project Reference Number, Location MVID, Store Number,
        Store Name, Start Date/Time, Due Date/Time, Estimated Time) or a JSON array of events. Rows are matched by
        reference number; importing twice changes nothing.
      </p>
      <div className="field">
        <label htmlFor="imp-file">File</label>
        <input
          id="imp-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        {name ? (
          <small className="hint">
            {name}: {text.length} characters
          </small>
        ) : null}
      </div>
      <TextArea label="…or paste CSV or JSON" value={text} onChange={(e) => setText(e.target.value)} rows={5} />
      <ErrorBox error={act.error} />
      <button className="btn primary" type="submit" disabled={act.busy}>
        {act.busy ? 'Importing…' : 'Import'}
      </button>
      {act.busy ? <ProgressBar value={null} label="Importing events" /> : null}
      {report ? (
        <div role="status" aria-live="polite">
          <Notice kind={report.rejected ? 'warn' : 'ok'}>
            Imported: {report.created} created, {report.updated} updated, {report.unchanged} unchanged,{' '}
            {report.rejected} rejected.
          </Notice>
          {report.rows.filter((r) => r.status === 'rejected').length ? (
            <ul className="violations">
              {report.rows
                .filter((r) => r.status === 'rejected')
                .map((r) => (
                  <li key={r.row}>
                    Row {r.row}
                    {r.project_ref_num ? ` (ref ${r.project_ref_num})` : ''}:{' '}
                    {(r.errors ?? []).map((x) => `${x.field} ${x.message}`).join('; ')}
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
