// Every outbound message (managers and admins, as GET /deliveries allows): webhook deliveries, including ones to notification-setting URLs
// and endpoint tests, and e-mails; by status, channel and event type, each with its attempts.
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { AttemptList, DeliveryStatus } from '../components/DeliveryParts';
import { SectionNav } from '../../../ui/SectionNav';
import { INTEGRATIONS } from '../menu';
import { Badge, Loaded, Page, Pager, SelectField } from '../../../ui';
import {
  DELIVERY_CHANNELS,
  DELIVERY_EVENT_TYPES,
  DELIVERY_STATUSES,
  channelLabel,
  deliveriesQuery,
  messageTargets,
} from '../integrations';
import { formatDateTime } from '../../../lib/time';
import { useLoad } from '../../../lib/useLoad';
import { useQueryState } from '../../../lib/useQueryState';

const PER_PAGE = 50;

export default function Deliveries() {
  const { tz } = useAuth();
  const [f, setF] = useQueryState(['status', 'channel', 'event', 'page'] as const);
  const query = deliveriesQuery(f, PER_PAGE);
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/deliveries', { params: { query } })),
    [f.status, f.channel, f.event, query.page],
  );
  const filtered = !!(f.status || f.channel || f.event);
  const events: readonly string[] =
    f.event && !(DELIVERY_EVENT_TYPES as readonly string[]).includes(f.event)
      ? [...DELIVERY_EVENT_TYPES, f.event]
      : DELIVERY_EVENT_TYPES;
  return (
    <Page
      title="Outbound messages"
      actions={
        <button type="button" className="btn" onClick={state.reload} disabled={state.loading}>
          Refresh
        </button>
      }
    >
      <SectionNav group={INTEGRATIONS} />
      <p className="muted small">
        Every webhook delivery and e-mail Kairos sends, newest first. The{' '}
        <Link to="/integrations/jobs">deliveries</Link> job sends waiting messages and retries failed ones with back-off
        until it gives up.
      </p>
      <div className="filters narrow">
        <SelectField label="Status" value={f.status} onChange={(e) => setF({ status: e.target.value })}>
          <option value="">Any</option>
          {DELIVERY_STATUSES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Channel" value={f.channel} onChange={(e) => setF({ channel: e.target.value })}>
          <option value="">Any</option>
          {DELIVERY_CHANNELS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Event type" value={f.event} onChange={(e) => setF({ event: e.target.value })}>
          <option value="">Any</option>
          {events.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded
        state={state}
        empty={(d) =>
          d.items.length
            ? null
            : filtered
              ? 'No messages match these filters.'
              : 'No outbound messages yet. Webhook deliveries and e-mails appear here once events are sent.'
        }
      >
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="cards">
                <caption className="sr-only">Outbound messages, newest first</caption>
                <thead>
                  <tr>
                    <th>Created</th>
                    <th>Message</th>
                    <th>Sent to</th>
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
                      <td data-label="Message">
                        <div>
                          <Badge tone={x.channel === 'email' ? 'info' : 'muted'}>{channelLabel(x.channel)}</Badge>{' '}
                          <span className="mono">{x.event_type}</span>
                        </div>
                      </td>
                      <td data-label="Sent to">
                        <ul className="targets mono break">
                          {messageTargets(x.channel, x.target).map((t, i) => (
                            <li key={i}>{t}</li>
                          ))}
                        </ul>
                      </td>
                      <td data-label="Status">
                        <div>
                          <DeliveryStatus d={x} tz={tz} />
                          {x.last_error && x.status !== 'delivered' ? (
                            <div className="line-error small">{x.last_error}</div>
                          ) : null}
                        </div>
                      </td>
                      <td data-label="Attempts">
                        {x.attempt_log.length ? (
                          <details>
                            <summary>
                              {x.attempts} {x.attempts === 1 ? 'attempt' : 'attempts'}
                            </summary>
                            <AttemptList attempts={x.attempt_log} tz={tz} />
                          </details>
                        ) : (
                          <AttemptList attempts={x.attempt_log} tz={tz} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={query.page} perPage={PER_PAGE} total={d.total} onPage={(p) => setF({ page: String(p) })} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
