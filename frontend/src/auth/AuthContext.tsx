// Who is signed in, their role and employee record, and the business time zone.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionEnded, sessionStore, unwrap, type Schemas } from '../api/client';
import { DEFAULT_TIMEZONE, isValidTimeZone } from '../lib/time';
import { roleAtLeast, type Role } from './roles';

export interface AuthState {
  me: Schemas['MeOut'] | null;
  /** The session ended on its own (its refresh token was refused), not by signing out. */
  sessionEnded: boolean;
  /** The person signed out here; the next sign-in starts at the start page, not where they were. */
  signedOut: boolean;
  role: Role | null;
  employeeId: string | null;
  tz: string;
  ready: boolean;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (role: Role) => boolean;
  setTz: (tz: string) => void;
}

const Ctx = createContext<AuthState | null>(null);

/** The business time zone as `/auth/me` gives it to every role, else the documented default. */
function timezoneOf(m: Schemas['MeOut']): string {
  return isValidTimeZone(m.timezone) ? m.timezone : DEFAULT_TIMEZONE;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Schemas['MeOut'] | null>(null);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [tz, setTz] = useState(DEFAULT_TIMEZONE);
  const [ready, setReady] = useState(false);
  const [ended, setEnded] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  const loadMe = useCallback(async () => {
    if (!sessionStore.get()) {
      setMe(null);
      return;
    }
    try {
      const m = await unwrap(api.GET('/api/v1/auth/me'));
      setTz(timezoneOf(m));
      setEmployeeId(m.employee_id ?? null);
      setMe(m);
    } catch {
      sessionStore.set(null);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    loadMe().finally(() => setReady(true));
    return onSessionEnded(() => {
      setMe(null);
      setEnded(true);
    });
  }, [loadMe]);

  const login = useCallback(
    async (email: string, password: string) => {
      const t = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
      sessionStore.set(t);
      setEnded(false);
      setSignedOut(false);
      await loadMe();
    },
    [loadMe],
  );

  const logout = useCallback(async () => {
    // Forget the session here first, so the person is signed out even if the server call fails.
    const token = sessionStore.get()?.access_token;
    sessionStore.set(null);
    setSignedOut(true);
    setMe(null);
    setEmployeeId(null);
    if (token)
      await api.POST('/api/v1/auth/logout', { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }, []);

  const role = (me?.role ?? null) as Role | null;
  const value = useMemo<AuthState>(
    () => ({
      me,
      role,
      employeeId,
      tz,
      ready,
      login,
      logout,
      setTz,
      sessionEnded: ended,
      signedOut,
      can: (r: Role) => roleAtLeast(role, r),
    }),
    [me, role, employeeId, tz, ready, login, logout, ended, signedOut],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
