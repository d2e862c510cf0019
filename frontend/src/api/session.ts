// The signed-in session (tokens) and a fetch that adds them and refreshes them silently.

export interface Session {
  access_token: string;
  refresh_token: string;
}

export interface SessionStore {
  get(): Session | null;
  set(s: Session | null): void;
}

export function memoryStore(initial: Session | null = null): SessionStore {
  let s = initial;
  return {
    get: () => s,
    set: (v) => {
      s = v;
    },
  };
}

const KEY = 'kairos.session';

export function localStorageStore(storage: Storage): SessionStore {
  return {
    get() {
      try {
        const raw = storage.getItem(KEY);
        return raw ? (JSON.parse(raw) as Session) : null;
      } catch {
        return null;
      }
    },
    set(s) {
      if (s) storage.setItem(KEY, JSON.stringify({ access_token: s.access_token, refresh_token: s.refresh_token }));
      else storage.removeItem(KEY);
    },
  };
}

/** Runs `fn` once for any number of concurrent callers; a later call after it settles runs it again. */
export function singleFlight<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      pending = fn().finally(() => {
        pending = null;
      });
    }
    return pending;
  };
}

const NO_REFRESH = ['/auth/login', '/auth/refresh'];

export interface AuthFetchOptions {
  store: SessionStore;
  refreshUrl: string;
  fetch?: (req: Request) => Promise<Response>;
  /** Called when the session cannot be renewed (the refresh token was refused). */
  onSessionEnded?: () => void;
}

/**
 * A fetch that sends the access token and, on a 401, renews the tokens once for all concurrent
 * requests (each refresh token works once; presenting a used one would end the session) and
 * retries the request with the new token.
 */
export function createAuthFetch(opts: AuthFetchOptions): (req: Request) => Promise<Response> {
  const base = opts.fetch ?? ((r: Request) => globalThis.fetch(r));
  const refresh = singleFlight(async (): Promise<boolean> => {
    const current = opts.store.get();
    if (!current) return false;
    let res: Response;
    try {
      res = await base(
        new Request(opts.refreshUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: current.refresh_token }),
        }),
      );
    } catch {
      return false; // offline: keep the session, the caller sees its own error
    }
    if (!res.ok) {
      opts.store.set(null);
      opts.onSessionEnded?.();
      return false;
    }
    const next = (await res.json()) as Session;
    opts.store.set(next);
    return true;
  });

  return async (req: Request) => {
    const retry = req.clone();
    const sent = opts.store.get()?.access_token;
    if (sent && !req.headers.has('authorization')) req.headers.set('authorization', `Bearer ${sent}`);
    const res = await base(req);
    if (res.status !== 401 || !sent || NO_REFRESH.some((p) => req.url.includes(p))) return res;
    // Another request may have renewed the tokens while this one was in flight.
    if (opts.store.get()?.access_token === sent) {
      const ok = await refresh();
      if (!ok) return res;
    }
    const fresh = opts.store.get()?.access_token;
    if (!fresh) return res;
    retry.headers.set('authorization', `Bearer ${fresh}`);
    return base(retry);
  };
}
