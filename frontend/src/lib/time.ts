// Dates and times in the business time zone (setting `timezone`), never the browser's.

export const DEFAULT_TIMEZONE = 'America/Indiana/Indianapolis';

const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(tz, f);
  }
  return f;
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(instant: Date | string, tz: string): ZonedParts {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const out: Record<string, number> = {};
  for (const p of partsFormatter(tz).formatToParts(d)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour === 24 ? 0 : out.hour,
    minute: out.minute,
    second: out.second,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of an instant in the zone. */
export function localDate(instant: Date | string, tz: string): string {
  const p = zonedParts(instant, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `HH:MM` of an instant in the zone. */
export function localTime(instant: Date | string, tz: string): string {
  const p = zonedParts(instant, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** Offset of the zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(instant: Date, tz: string): number {
  const p = zonedParts(instant, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant (RFC 3339, UTC) at which the zone's wall clock reads `date` `time`. A wall time that a
 * DST change skips resolves to the later offset; one that repeats, to the first occurrence.
 */
export function zonedToUtc(date: string, time: string, tz: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - offsetMinutes(new Date(wall), tz) * 60000;
  const second = wall - offsetMinutes(new Date(first), tz) * 60000;
  // Prefer the candidate whose wall clock matches; both match on an ambiguous hour: take the earlier.
  const candidates = [first, second].filter(
    (t) => localTime(new Date(t), tz) === time && localDate(new Date(t), tz) === date,
  );
  const chosen = candidates.length ? Math.min(...candidates) : second;
  return new Date(chosen).toISOString().replace('.000Z', 'Z');
}

/** Today's date in the zone. */
export function todayIn(tz: string, now: Date = new Date()): string {
  return localDate(now, tz);
}

function dateToUtcMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * 86400000).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6, as the API's `day_of_week`. */
export function weekdayIndex(date: string): number {
  return (new Date(dateToUtcMs(date)).getUTCDay() + 6) % 7;
}

/** The Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / 86400000);
}

export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A calendar date for people: "Mon, 2 Mar 2026". Date-only values are not shifted by any zone. */
export function formatDate(date: string, opts: { year?: boolean } = {}): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(opts.year === false ? {} : { year: 'numeric' }),
  }).format(new Date(dateToUtcMs(date)));
}

/** An instant for people, in the business zone: "Mon, 2 Mar 2026, 10:15". */
export function formatDateTime(instant: string | null | undefined, tz: string): string {
  if (!instant) return '—';
  return `${formatDate(localDate(instant, tz))}, ${localTime(instant, tz)}`;
}

export function formatTime(instant: string, tz: string): string {
  return localTime(instant, tz);
}

/** Minutes since local midnight of an instant in the zone. */
export function minuteOfDay(instant: string, tz: string): number {
  const p = zonedParts(instant, tz);
  return p.hour * 60 + p.minute;
}

export function hmToMinutes(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return h * 60 + m;
}

export function minutesToHm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Short zone label, e.g. "EST", for headings. */
export function zoneLabel(tz: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? tz;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether two RFC 3339 instants (either may be missing) name the same moment. */
export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && Date.parse(a) === Date.parse(b);
}
