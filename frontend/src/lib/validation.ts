// The field checks every module's forms share, matching the server's (backend/server/src/validation.rs
// and the routes), so a person sees the same words before sending as the server would answer. Each
// feature's own form checks (its validation.ts) are built from these.

export type Errors = Record<string, string>;

export function email(value: string): string | undefined {
  const v = value.trim();
  const at = v.split('@');
  const valid =
    v.length > 0 &&
    v.length <= 254 &&
    !/\s/.test(v) &&
    at.length === 2 &&
    at[0].length > 0 &&
    at[1].includes('.') &&
    !at[1].startsWith('.') &&
    !at[1].endsWith('.');
  return valid ? undefined : 'must be a valid e-mail address';
}

export function text(value: string, min: number, max: number): string | undefined {
  const n = [...value.trim()].length;
  if (n < Math.max(min, 1)) return min <= 1 ? 'must not be blank' : `must have at least ${min} characters`;
  if ([...value].length > max) return `must have at most ${max} characters`;
  return undefined;
}

export function password(value: string): string | undefined {
  const n = [...value].length;
  if (n < 8) return 'must have at least 8 characters';
  if (n > 256) return 'must have at most 256 characters';
  return undefined;
}

export function hm(value: string): string | undefined {
  return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value) ? undefined : 'must be a time written HH:MM';
}

/** The non-empty messages, keyed by field. */
export function collect(entries: [string, string | undefined][]): Errors {
  const out: Errors = {};
  for (const [k, v] of entries) if (v) out[k] = v;
  return out;
}
