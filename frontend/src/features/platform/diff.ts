// Before/after of an audit row as a list of changed fields.
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The fields that differ between `before` and `after` (nested objects as dotted paths). */
export function diffChanges(changes: unknown): FieldChange[] {
  if (!isObj(changes)) return [];
  const before = changes.before;
  const after = changes.after;
  if (before === undefined && after === undefined) {
    return Object.entries(changes).map(([field, v]) => ({ field, before: undefined, after: v }));
  }
  const out: FieldChange[] = [];
  walk(before, after, '', out);
  return out;
}

function walk(b: unknown, a: unknown, path: string, out: FieldChange[]) {
  if (isObj(b) && isObj(a)) {
    for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort())
      walk(b[k], a[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (isObj(b) && a == null) {
    for (const k of Object.keys(b).sort()) walk(b[k], undefined, path ? `${path}.${k}` : k, out);
    return;
  }
  if (isObj(a) && b == null) {
    for (const k of Object.keys(a).sort()) walk(undefined, a[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field: path || '(value)', before: b, after: a });
}

export function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
