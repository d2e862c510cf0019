// The unread-notification count shown in the header, refreshed every minute and after changes.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';

const listeners = new Set<() => void>();
export function notifyUnreadChanged(): void {
  listeners.forEach((fn) => fn());
}

export function useUnreadCount(enabled: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () => {
      api
        .GET('/api/v1/notifications', { params: { query: { unread: true, per_page: 1 } } })
        .then((r) => {
          if (live) setCount(r.data ? r.data.total : null);
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, 60_000);
    listeners.add(load);
    return () => {
      live = false;
      clearInterval(timer);
      listeners.delete(load);
    };
  }, [enabled]);
  return count;
}
