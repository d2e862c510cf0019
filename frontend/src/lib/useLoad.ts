// Loading state for one request: data, error in words, and a reload.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/problem';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  setData: (v: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (v) => {
        if (live) {
          setData(v);
          setLoading(false);
        }
      },
      (e) => {
        if (live) {
          setError(errorMessage(e));
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Runs an action, tracking busy and error, for buttons and forms. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      return await fn();
    } catch (e) {
      setError(errorMessage(e));
      const fe = (e as { fieldErrors?: Record<string, string> }).fieldErrors;
      if (fe) setFieldErrors(fe);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, fieldErrors, run, setError, setFieldErrors };
}
