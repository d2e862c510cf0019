// The signed-in person's notifications (time-off decisions, requests, run results…).
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Page, Pager } from '../../../ui';
import { formatDateTime } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { notifyUnreadChanged } from '../unread';

export default function Notifications() {
  const { tz } = useAuth();
  const [page, setPage] = useState(1);
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/notifications', { params: { query: { page, per_page: 50 } } })),
    [page],
  );
  const act = useAction();
  const changed = () => {
    state.reload();
    notifyUnreadChanged();
  };
  return (
    <Page
      title="Notifications"
      actions={
        <button
          type="button"
          className="btn"
          disabled={act.busy || !state.data?.items.some((n) => !n.read_at)}
          onClick={() =>
            void act.run(async () => {
              await unwrap(api.POST('/api/v1/notifications/read-all'));
              changed();
            })
          }
        >
          Mark all read
        </button>
      }
    >
      <ErrorBox error={act.error} />
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No notifications.')}>
        {(d) => (
          <>
            <div className="card">
              <ul className="plain">
                {d.items.map((n) => (
                  <li key={n.id}>
                    <strong>{n.title}</strong> {n.read_at ? null : <Badge tone="info">new</Badge>}
                    <div>{n.body}</div>
                    <div className="muted small">{formatDateTime(n.created_at, tz)}</div>
                    {!n.read_at ? (
                      <button
                        type="button"
                        className="btn small"
                        disabled={act.busy}
                        onClick={() =>
                          void act.run(async () => {
                            await unwrap(
                              api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }),
                            );
                            changed();
                          })
                        }
                      >
                        Mark read
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
            <Pager page={page} perPage={50} total={d.total} onPage={setPage} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
