// The typed API client (types generated from openapi/openapi.json) with silent token refresh.
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './schema';
import { ApiError, type Problem } from './problem';
import { createAuthFetch, localStorageStore, memoryStore, type SessionStore } from './session';

export type Schemas = components['schemas'];
/** The query parameters of an operation (by its operationId), as the document types them. */
export type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

const origin = typeof window !== 'undefined' ? window.location.origin : 'http://localhost';
export const sessionStore: SessionStore =
  typeof window !== 'undefined' && window.localStorage ? localStorageStore(window.localStorage) : memoryStore();

const sessionEndedListeners = new Set<() => void>();
export function onSessionEnded(fn: () => void): () => void {
  sessionEndedListeners.add(fn);
  return () => sessionEndedListeners.delete(fn);
}

export const authFetch = createAuthFetch({
  store: sessionStore,
  refreshUrl: `${origin}/api/v1/auth/refresh`,
  onSessionEnded: () => sessionEndedListeners.forEach((fn) => fn()),
});

export const api = createClient<paths>({ baseUrl: origin, fetch: authFetch });

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError carrying the problem+json body. */
export async function unwrap<T>(p: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await p;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, null);
  }
  if (r.error !== undefined || !r.response.ok) {
    const body = r.error && typeof r.error === 'object' ? (r.error as Partial<Problem>) : null;
    throw new ApiError(r.response.status, body);
  }
  return r.data as T;
}
