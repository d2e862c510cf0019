// The event source sync: its status and a "sync now" (managers), shown on the events screen.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Schemas } from '../../../api/client';
import { ApiError, type Problem } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, ErrorBox, Notice, ProgressBar } from '../../../ui';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

export function SyncPanel({ onSynced }: { onSynced: () => void }) {
  const { tz } = useAuth();
  const status = useLoad(async () => {
    const r = await api.GET('/api/v1/sync/status');
    return r.data ?? null; // an older server or a role without access: no panel
  }, []);
  const act = useAction();
  const [report, setReport] = useState<Schemas['JobRunOut'] | null>(null);
  const s = status.data;
  if (!s) return null;
  const counts = (report?.details ?? s.last_counts) as Record<string, unknown> | null | undefined;
  async function run() {
    setReport(null);
    const r = await act.run(async () => {
      const res = await api.POST('/api/v1/sync/run');
      if (!res.data) throw new ApiError(res.response.status, (res.error as Partial<Problem>) ?? null);
      return res.data;
    });
    status.reload();
    if (r) {
      setReport(r);
      onSynced();
    }
  }
  return (
    <section className="card" aria-labelledby="sync-h">
      <h2 id="sync-h">Event source</h2>
      <p className="muted small">
        <Link to="/integrations/jobs">All background jobs and their run history</Link>
      </p>
      {!s.configured ? (
        <p className="muted">
          No source is configured (settings <code>sync_source_url</code> and <code>sync_source_token</code>).
        </p>
      ) : (
        <>
          <p>
            {s.url}{' '}
            {s.running ? (
              <Badge tone="info">syncing</Badge>
            ) : s.last_error ? (
              <Badge tone="bad">last sync failed</Badge>
            ) : (
              <Badge tone="ok">ok</Badge>
            )}
            <span className="muted small">
              {' '}
              · last success {formatDateTime(s.last_success_at, tz)} · next {formatDateTime(s.next_run_at, tz)}
            </span>
          </p>
          {s.last_error ? (
            <ErrorBox error={`${s.last_error} (${formatDateTime(s.last_error_at, tz)}; nothing was changed)`} />
          ) : null}
          {counts ? (
            <p className="muted small">
              {['fetched', 'created', 'updated', 'unchanged', 'rejected']
                .filter((k) => counts[k] != null)
                .map((k) => `${counts[k]} ${k}`)
                .join(', ')}
            </p>
          ) : null}
          <button type="button" className="btn" disabled={act.busy || s.running} onClick={() => void run()}>
            {act.busy ? 'Syncing…' : 'Sync now'}
          </button>
          {act.busy ? <ProgressBar value={null} label="Syncing events" /> : null}
          <ErrorBox error={act.error} />
          {report ? <Notice kind={report.status === 'succeeded' ? 'ok' : 'warn'}>Sync {report.status}.</Notice> : null}
        </>
      )}
    </section>
  );
}
