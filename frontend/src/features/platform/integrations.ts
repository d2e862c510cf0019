// Integrations in words: job states, each job's schedule setting, webhook checks (the server's
// rules), event-type choices and delivery attempts.
import type { Query } from '../../api/client';

export interface JobLike {
  enabled: boolean;
  running: boolean;
  last_status?: string | null;
  last_started_at?: string | null;
  consecutive_failures?: number;
}

/** A job's state as a label and a badge tone. */
export function jobState(j: JobLike): { label: string; tone: 'ok' | 'bad' | 'info' | 'muted' | 'warn' } {
  if (j.running) return { label: 'running', tone: 'info' };
  if (!j.enabled) return { label: 'switched off', tone: 'muted' };
  if (j.last_status === 'failed') {
    const n = j.consecutive_failures ?? 0;
    return { label: n > 1 ? `failed ${n} times in a row` : 'last run failed', tone: 'bad' };
  }
  if (j.last_status === 'succeeded') return { label: 'ok', tone: 'ok' };
  if (!j.last_started_at) return { label: 'never run', tone: 'muted' };
  return { label: j.last_status ?? 'unknown', tone: 'warn' };
}

/**
 * The setting that sets a job's schedule (the jobs API switches jobs on and off only; the
 * interval or time of day is a setting, which admins may change).
 */
export interface JobSchedule {
  key: string;
  kind: 'minutes' | 'time';
  label: string;
  hint: string;
}

export const JOB_SCHEDULES: Record<string, JobSchedule> = {
  event_sync: {
    key: 'sync_interval_minutes',
    kind: 'minutes',
    label: 'Interval (minutes)',
    hint: '0 turns the periodic sync off.',
  },
  daily_audit: {
    key: 'audit_check_time',
    kind: 'time',
    label: 'Daily at',
    hint: 'Time of day in the business time zone.',
  },
};

export const FIXED_CADENCE: Record<string, string> = {
  deliveries: 'Runs every second while messages wait.',
  auto_scheduler: 'Looks every minute; runs once a day when auto_scheduler_enabled is on.',
};

/** Checks an edited schedule value; answers the value to store, or a problem in words. */
export function parseSchedule(
  kind: JobSchedule['kind'],
  text: string,
): { value: number | string } | { problem: string } {
  const t = text.trim();
  if (kind === 'minutes') {
    if (!/^\d+$/.test(t)) return { problem: 'must be a whole number of minutes (0 or more)' };
    return { value: Number(t) };
  }
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { problem: 'must be a time such as 06:00' };
  return { value: `${m[1].padStart(2, '0')}:${m[2]}` };
}

/** A schedule setting's stored value as text for the field. */
export function scheduleText(value: unknown): string {
  return value == null ? '' : String(value);
}

/** How long a run took, in words ("1.2 s", "3 min 5 s"); empty while it runs. */
export function duration(from: string, to: string | null | undefined): string {
  if (!to) return '';
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return durationMs(ms);
}

export function durationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A run's details object as short "key: value" parts (lists by their length, nested objects left out). */
export function detailParts(details: unknown): string[] {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
    const key = k.replace(/_/g, ' ');
    if (Array.isArray(v)) {
      if (v.length) out.push(`${key}: ${v.length}`);
    } else if (v == null || typeof v === 'object') continue;
    else out.push(`${key}: ${String(v)}`);
  }
  return out;
}

// The event types a webhook may subscribe to (the server's list in WebhookIn.event_types).
export const EVENT_TYPES = [
  'schedule.created',
  'schedule.updated',
  'schedule.deleted',
  'scheduler_run.completed',
  'time_off.requested',
  'time_off.approved',
  'time_off.denied',
  'schedule_exception.created',
] as const;

/** Ticks or unticks an event type; "*" (all) stands alone. */
export function toggleEventType(current: string[], type: string, on: boolean): string[] {
  if (type === '*') return on ? ['*'] : [];
  const rest = current.filter((t) => t !== '*' && t !== type);
  if (!on) return rest;
  return EVENT_TYPES.filter((t) => t === type || rest.includes(t));
}

export interface WebhookDraft {
  name: string;
  url: string;
  event_types: string[];
  secret: string;
}

/** The server's checks on a webhook, in its words (secret optional: generated when left out). */
export function validateWebhook(v: WebhookDraft): Record<string, string> {
  const errs: Record<string, string> = {};
  const name = v.name.trim();
  if (!name || v.name.length > 100) errs.name = 'must be 1 to 100 characters';
  const url = v.url.trim();
  let ok = (url.startsWith('http://') || url.startsWith('https://')) && url.length <= 2000;
  if (ok) {
    try {
      ok = !!new URL(url).hostname;
    } catch {
      ok = false;
    }
  }
  if (!ok) errs.url = 'must be an http:// or https:// URL';
  if (!v.event_types.length) errs.event_types = 'must name at least one event type';
  if (v.secret && (v.secret.length < 16 || v.secret.length > 200)) errs.secret = 'must be 16 to 200 characters';
  return errs;
}

/** A delivery's tone: delivered ok, pending (retrying) warn, failed (given up) bad. */
export function deliveryTone(status: string): 'ok' | 'warn' | 'bad' | 'muted' {
  return status === 'delivered' ? 'ok' : status === 'pending' ? 'warn' : status === 'failed' ? 'bad' : 'muted';
}

// The delivery filters' choices (the server's values and their words).
export const DELIVERY_STATUSES: [string, string][] = [
  ['delivered', 'delivered'],
  ['pending', 'pending (retrying)'],
  ['failed', 'failed (given up)'],
];
export const DELIVERY_CHANNELS: [string, string][] = [
  ['webhook', 'Webhook'],
  ['email', 'E-mail'],
];
/** The event types outbound messages carry: the subscribable ones and the endpoints' tests. */
export const DELIVERY_EVENT_TYPES = ['webhook.test', ...EVENT_TYPES] as const;

export function channelLabel(channel: string): string {
  return DELIVERY_CHANNELS.find(([c]) => c === channel)?.[1] ?? channel;
}

/** Where a message goes: an e-mail's recipients (stored comma-separated) one by one, else the URL. */
export function messageTargets(channel: string, target: string): string[] {
  if (channel !== 'email') return [target];
  return target
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export interface DeliveryFilters {
  status: string;
  channel: string;
  event: string;
  page: string;
}

/** The outbound messages screen's URL filters as the list's query ("" left out, page from 1). */
export function deliveriesQuery(f: DeliveryFilters, perPage: number) {
  const page = Math.max(1, Math.floor(Number(f.page)) || 1);
  return {
    status: (f.status || undefined) as Query<'list_deliveries'>['status'],
    channel: (f.channel || undefined) as Query<'list_deliveries'>['channel'],
    event_type: f.event || undefined,
    page,
    per_page: perPage,
    sort: '-id' as const,
  };
}
