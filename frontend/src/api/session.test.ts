import { describe, expect, it, vi } from 'vitest';
import { createAuthFetch, memoryStore, singleFlight } from './session';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function fakeServer() {
  let valid = 'a1';
  let refreshTokens = new Set(['r1']);
  let n = 1;
  const refreshCalls: string[] = [];
  const fetch = vi.fn(async (req: Request) => {
    if (req.url.endsWith('/auth/refresh')) {
      const { refresh_token } = (await req.json()) as { refresh_token: string };
      refreshCalls.push(refresh_token);
      await new Promise((r) => setTimeout(r, 5));
      if (!refreshTokens.has(refresh_token)) return json(401, { detail: 'reused' });
      n += 1;
      refreshTokens = new Set([`r${n}`]);
      valid = `a${n}`;
      return json(200, { access_token: valid, refresh_token: `r${n}` });
    }
    return req.headers.get('authorization') === `Bearer ${valid}` ? json(200, { ok: true }) : json(401, {});
  });
  return {
    fetch,
    refreshCalls,
    expire: () => {
      valid = 'expired';
    },
  };
}

describe('silent token refresh', () => {
  it('sends the access token', async () => {
    const server = fakeServer();
    const f = createAuthFetch({
      store: memoryStore({ access_token: 'a1', refresh_token: 'r1' }),
      refreshUrl: 'http://x/api/v1/auth/refresh',
      fetch: server.fetch,
    });
    const res = await f(new Request('http://x/api/v1/employees'));
    expect(res.status).toBe(200);
    expect(server.refreshCalls).toEqual([]);
  });

  it('shares one refresh between concurrent 401s and retries each request', async () => {
    const server = fakeServer();
    server.expire();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'r1' });
    const f = createAuthFetch({ store, refreshUrl: 'http://x/api/v1/auth/refresh', fetch: server.fetch });
    const results = await Promise.all([1, 2, 3, 4].map((i) => f(new Request(`http://x/api/v1/events/${i}`))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(server.refreshCalls).toEqual(['r1']);
    expect(store.get()).toEqual({ access_token: 'a2', refresh_token: 'r2' });
  });

  it('ends the session when the refresh token is refused', async () => {
    const server = fakeServer();
    server.expire();
    const store = memoryStore({ access_token: 'a1', refresh_token: 'stolen' });
    const ended = vi.fn();
    const f = createAuthFetch({
      store,
      refreshUrl: 'http://x/api/v1/auth/refresh',
      fetch: server.fetch,
      onSessionEnded: ended,
    });
    const res = await f(new Request('http://x/api/v1/events'));
    expect(res.status).toBe(401);
    expect(store.get()).toBeNull();
    expect(ended).toHaveBeenCalledOnce();
  });

  it('retries a request with a body after refreshing', async () => {
    const server = fakeServer();
    server.expire();
    const f = createAuthFetch({
      store: memoryStore({ access_token: 'a1', refresh_token: 'r1' }),
      refreshUrl: 'http://x/api/v1/auth/refresh',
      fetch: server.fetch,
    });
    const res = await f(new Request('http://x/api/v1/schedules', { method: 'POST', body: '{"a":1}' }));
    expect(res.status).toBe(200);
  });

  it('never refreshes for the login call itself', async () => {
    const server = fakeServer();
    const f = createAuthFetch({
      store: memoryStore({ access_token: 'bad', refresh_token: 'r1' }),
      refreshUrl: 'http://x/api/v1/auth/refresh',
      fetch: server.fetch,
    });
    const res = await f(new Request('http://x/api/v1/auth/login', { method: 'POST', body: '{}' }));
    expect(res.status).toBe(401);
    expect(server.refreshCalls).toEqual([]);
  });
});

describe('singleFlight', () => {
  it('runs again after the shared call settles', async () => {
    let calls = 0;
    const run = singleFlight(async () => ++calls);
    expect(await Promise.all([run(), run()])).toEqual([1, 1]);
    expect(await run()).toBe(2);
  });
});
