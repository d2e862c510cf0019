// Parts of a delivery's row shared by the webhook delivery log and the outbound messages screen:
// its status (with when it was delivered or is tried next) and its attempts.
import type { Schemas } from '../../../api/client';
import { deliveryTone, durationMs } from '../integrations';
import { formatDateTime } from '../../../lib/time';
import { Badge } from '../../../ui';

type Delivery = Schemas['DeliveryOut'];

export function DeliveryStatus({ d, tz }: { d: Delivery; tz: string }) {
  return (
    <span>
      <Badge tone={deliveryTone(d.status)}>{d.status}</Badge>
      {d.delivered_at ? <span className="muted small"> {formatDateTime(d.delivered_at, tz)}</span> : null}
      {d.status === 'pending' && d.next_attempt_at ? (
        <span className="muted small"> next try {formatDateTime(d.next_attempt_at, tz)}</span>
      ) : null}
    </span>
  );
}

export function AttemptList({ attempts, tz }: { attempts: Delivery['attempt_log']; tz: string }) {
  if (!attempts.length) return <span className="muted">not tried yet</span>;
  return (
    <ol className="attempts">
      {attempts.map((a, i) => (
        <li key={i}>
          {formatDateTime(a.attempted_at, tz)} ·{' '}
          {a.status_code != null ? <strong>HTTP {a.status_code}</strong> : <strong>no answer</strong>} ·{' '}
          {durationMs(a.duration_ms)}
          {a.error ? <div className="line-error">{a.error}</div> : null}
        </li>
      ))}
    </ol>
  );
}
