// Webhook endpoints (admins): register, edit, remove, send a test, and each endpoint's delivery log
// with every attempt. The signing secret is shown once, when the endpoint is created.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Query, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { AttemptList, DeliveryStatus } from '../components/DeliveryParts';
import { SectionNav } from '../../../ui/SectionNav';
import { INTEGRATIONS } from '../menu';
import { Badge, Checkbox, ErrorBox, Loaded, Notice, Page, Pager, SelectField, TextField } from '../../../ui';
import {
  DELIVERY_STATUSES,
  EVENT_TYPES,
  durationMs,
  toggleEventType,
  validateWebhook,
  type WebhookDraft,
} from '../integrations';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

type Webhook = Schemas['WebhookOut'];
type Delivery = Schemas['DeliveryOut'];

export default function Webhooks() {
  const state = useLoad(() => unwrap(api.GET('/api/v1/webhooks')), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Webhook | null>(null);
  return (
    <Page
      title="Webhooks"
      actions={
        <button
          type="button"
          className="btn primary"
          aria-expanded={adding}
          onClick={() => {
            setAdding((a) => !a);
            setCreated(null);
          }}
        >
          Add webhook
        </button>
      }
    >
      <SectionNav group={INTEGRATIONS} />
      <p className="muted small">
        Kairos POSTs each subscribed event as JSON, signed in <code>Kairos-Signature: v1=&lt;hex&gt;</code> (HMAC-SHA256
        under the endpoint&apos;s secret over{' '}
        <code>
          &quot;{'{Kairos-Timestamp}'}.{'{body}'}&quot;
        </code>
        ). Failed deliveries are retried with back-off.
      </p>
      {created?.secret ? <SecretNotice hook={created} onDismiss={() => setCreated(null)} /> : null}
      {adding ? (
        <section className="card" aria-labelledby="add-hook-h">
          <h2 id="add-hook-h">Add a webhook</h2>
          <WebhookForm
            submitLabel="Add webhook"
            onCancel={() => setAdding(false)}
            onSaved={(w) => {
              setCreated(w);
              setAdding(false);
              state.reload();
            }}
          />
        </section>
      ) : null}
      <Loaded
        state={state}
        empty={(d) =>
          d.length ? null : 'No webhooks yet. Add one to send schedule and time-off events to another system.'
        }
      >
        {(d) => (
          <>
            {d.map((w) => (
              <WebhookCard key={w.id} hook={w} onChanged={state.reload} />
            ))}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function SecretNotice({ hook, onDismiss }: { hook: Webhook; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const secret = hook.secret ?? '';
  return (
    <section className="card secret-box" aria-labelledby="secret-h">
      <h2 id="secret-h">Signing secret for {hook.name}</h2>
      <Notice kind="warn">
        <strong>Copy this secret now; it is not shown again.</strong> The receiver needs it to check each
        delivery&apos;s signature.
      </Notice>
      <div className="row">
        <TextField label="Signing secret" readOnly value={secret} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="btn"
          onClick={() =>
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy secret'}
        </button>
        <button type="button" className="btn" onClick={onDismiss}>
          I have saved it
        </button>
      </div>
    </section>
  );
}

function WebhookForm({
  initial,
  submitLabel,
  onSaved,
  onCancel,
}: {
  initial?: Webhook;
  submitLabel: string;
  onSaved: (w: Webhook) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<WebhookDraft & { active: boolean }>({
    name: initial?.name ?? '',
    url: initial?.url ?? '',
    event_types: initial?.event_types ?? [],
    secret: '',
    active: initial?.active ?? true,
  });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  const editing = !!initial;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = validateWebhook(v);
    setErrs(local);
    if (Object.keys(local).length) return;
    const body: Schemas['WebhookIn'] = {
      name: v.name.trim(),
      url: v.url.trim(),
      event_types: v.event_types as Schemas['WebhookIn']['event_types'],
      active: v.active,
      secret: v.secret || undefined,
    };
    const w = await act.run(() =>
      initial
        ? unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: initial.id } }, body }))
        : unwrap(api.POST('/api/v1/webhooks', { body })),
    );
    if (w) onSaved(w);
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  const typesErr = err('event_types');
  const all = v.event_types.includes('*');
  const pick = (t: string, on: boolean) => setV({ ...v, event_types: toggleEventType(v.event_types, t, on) });
  const idp = initial ? `hook-${initial.id}` : 'hook-new';
  return (
    <form onSubmit={submit} noValidate aria-label={editing ? `Edit ${initial.name}` : 'New webhook'}>
      <div className="row">
        <TextField
          label="Name"
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.target.value })}
          error={err('name')}
          autoComplete="off"
        />
        <TextField
          label="URL"
          type="url"
          value={v.url}
          onChange={(e) => setV({ ...v, url: e.target.value })}
          error={err('url')}
          placeholder="https://example.com/hooks/kairos"
          autoComplete="off"
        />
      </div>
      <fieldset
        className={`checks${typesErr ? ' invalid' : ''}`}
        aria-describedby={typesErr ? `${idp}-types-err` : undefined}
      >
        <legend>Event types</legend>
        <Checkbox
          label="All events (*), including ones added later"
          checked={all}
          onChange={(e) => pick('*', e.target.checked)}
        />
        <div className="opts">
          {EVENT_TYPES.map((t) => (
            <Checkbox
              key={t}
              label={t}
              checked={all || v.event_types.includes(t)}
              disabled={all}
              onChange={(e) => pick(t, e.target.checked)}
            />
          ))}
        </div>
        {typesErr ? (
          <small id={`${idp}-types-err`} className="field-error">
            {typesErr}
          </small>
        ) : null}
      </fieldset>
      <div className="row">
        <TextField
          label={editing ? 'New secret (optional)' : 'Secret (optional)'}
          type="password"
          value={v.secret}
          autoComplete="new-password"
          onChange={(e) => setV({ ...v, secret: e.target.value })}
          error={err('secret')}
          hint={
            editing
              ? 'Replaces the current secret at once; leave empty to keep it.'
              : 'At least 16 characters; one is generated when left empty.'
          }
        />
        <SelectField
          label="Status"
          value={v.active ? 'active' : 'paused'}
          onChange={(e) => setV({ ...v, active: e.target.value === 'active' })}
        >
          <option value="active">active</option>
          <option value="paused">paused (nothing is sent)</option>
        </SelectField>
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={act.busy}>
          {submitLabel}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorBox error={act.error} />
    </form>
  );
}

function WebhookCard({ hook: w, onChanged }: { hook: Webhook; onChanged: () => void }) {
  const { tz } = useAuth();
  const act = useAction();
  const [editing, setEditing] = useState(false);
  const [log, setLog] = useState(false);
  const [tick, setTick] = useState(0);
  const [test, setTest] = useState<Delivery | null>(null);
  const [saved, setSaved] = useState(false);
  const h = `hook-${w.id}-h`;
  async function sendTest() {
    setTest(null);
    setSaved(false);
    const d = await act.run(() => unwrap(api.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: w.id } } })));
    if (d) {
      setTest(d);
      setLog(true);
      setTick((t) => t + 1);
    }
  }
  async function remove() {
    if (!window.confirm(`Delete the webhook "${w.name}" and its delivery log?`)) return;
    await act.run(async () => {
      await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } }));
      onChanged();
    });
  }
  const last = test?.attempt_log[test.attempt_log.length - 1];
  return (
    <section className="card" aria-labelledby={h}>
      <div className="job-head">
        <h2 id={h} style={{ fontFamily: 'inherit' }}>
          {w.name}
        </h2>
        {w.active ? <Badge tone="ok">active</Badge> : <Badge tone="muted">paused</Badge>}
      </div>
      <p className="mono break">{w.url}</p>
      <p className="badges" aria-label="Event types">
        {w.event_types.map((t) => (
          <Badge key={t} tone="info">
            {t === '*' ? 'all events' : t}
          </Badge>
        ))}
      </p>
      <p className="muted small">
        created {formatDateTime(w.created_at, tz)} · changed {formatDateTime(w.updated_at, tz)}
      </p>
      {editing ? (
        <WebhookForm
          initial={w}
          submitLabel="Save webhook"
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            onChanged();
          }}
        />
      ) : (
        <div className="row">
          <button type="button" className="btn primary" disabled={act.busy} onClick={() => void sendTest()}>
            {act.busy ? 'Sending…' : 'Send test'}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setEditing(true);
              setSaved(false);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className="btn"
            aria-expanded={log}
            aria-controls={`hook-${w.id}-log`}
            onClick={() => setLog((o) => !o)}
          >
            {log ? 'Hide deliveries' : 'Deliveries'}
          </button>
          <button type="button" className="btn danger" disabled={act.busy} onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
      {saved ? <Notice>Saved {w.name}.</Notice> : null}
      <ErrorBox error={act.error} />
      {test ? (
        <Notice kind={test.status === 'delivered' ? 'ok' : 'warn'}>
          Test {test.status === 'delivered' ? 'delivered' : 'not delivered'}
          {last
            ? `: ${last.status_code != null ? `HTTP ${last.status_code}` : 'no answer'}${last.error ? ` — ${last.error}` : ''} in ${durationMs(last.duration_ms)}`
            : ''}
          {test.status === 'pending' && test.next_attempt_at
            ? `; retrying at ${formatDateTime(test.next_attempt_at, tz)}`
            : ''}
          .
        </Notice>
      ) : null}
      {log ? <DeliveryLog id={`hook-${w.id}-log`} hookId={w.id} tick={tick} /> : null}
    </section>
  );
}

function DeliveryLog({ id, hookId, tick }: { id: string; hookId: number; tick: number }) {
  const { tz } = useAuth();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState('');
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: {
            path: { id: hookId },
            query: { page, per_page: 20, status: (status || undefined) as Query<'webhook_deliveries'>['status'] },
          },
        }),
      ),
    [hookId, page, status, tick],
  );
  return (
    <div id={id}>
      <div className="job-head">
        <h3 style={{ marginRight: 'auto' }}>Delivery log</h3>
        <button type="button" className="btn small" onClick={state.reload}>
          Refresh
        </button>
      </div>
      <div className="filters narrow">
        <SelectField
          label="Delivery status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(1);
          }}
        >
          <option value="">Any</option>
          {DELIVERY_STATUSES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No deliveries yet. Send a test to see one.')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <caption className="sr-only">Deliveries, newest first</caption>
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Event</th>
                    <th>Status</th>
                    <th>Attempts</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((x) => (
                    <tr key={x.id}>
                      <td data-label="Created">
                        {formatDateTime(x.created_at, tz)}
                        <div className="muted small">#{x.id}</div>
                      </td>
                      <td data-label="Event">{x.event_type}</td>
                      <td data-label="Status">
                        <DeliveryStatus d={x} tz={tz} />
                      </td>
                      <td data-label="Attempts">
                        <div>
                          <AttemptList attempts={x.attempt_log} tz={tz} />
                        </div>
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
