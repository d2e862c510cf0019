import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateRange,
  formatDate,
  formatDateTime,
  isValidTimeZone,
  localDate,
  localTime,
  minuteOfDay,
  sameInstant,
  weekStart,
  weekdayIndex,
  zonedToUtc,
} from './time';

const TZ = 'America/Indiana/Indianapolis';

describe('business time zone', () => {
  it('shows an instant in the business zone, not the browser zone', () => {
    // 15:15Z in March (EST, UTC-5 before the change) is 10:15 local.
    expect(localTime('2026-03-02T15:15:00Z', TZ)).toBe('10:15');
    expect(localDate('2026-03-03T03:00:00Z', TZ)).toBe('2026-03-02');
    expect(formatDateTime('2026-03-02T15:15:00Z', TZ)).toBe('Mon, 2 Mar 2026, 10:15');
  });

  it('turns a local wall time into UTC on both sides of the DST change', () => {
    expect(zonedToUtc('2026-03-06', '10:15', TZ)).toBe('2026-03-06T15:15:00Z');
    expect(zonedToUtc('2026-03-09', '10:15', TZ)).toBe('2026-03-09T14:15:00Z');
    expect(zonedToUtc('2026-11-02', '09:00', TZ)).toBe('2026-11-02T14:00:00Z');
  });

  it('resolves a skipped wall time and keeps the first of a repeated one', () => {
    // 02:30 does not exist on 2026-03-08; it lands after the jump.
    expect(localDate(zonedToUtc('2026-03-08', '02:30', TZ), TZ)).toBe('2026-03-08');
    // 01:30 happens twice on 2026-11-01; the first is still on daylight time (UTC-4).
    expect(zonedToUtc('2026-11-01', '01:30', TZ)).toBe('2026-11-01T05:30:00Z');
  });

  it('round-trips wall times in another zone', () => {
    const iso = zonedToUtc('2026-07-01', '23:45', 'Asia/Tokyo');
    expect(iso).toBe('2026-07-01T14:45:00Z');
    expect(localTime(iso, 'Asia/Tokyo')).toBe('23:45');
    expect(minuteOfDay(iso, 'Asia/Tokyo')).toBe(23 * 60 + 45);
  });
});

describe('calendar dates', () => {
  it('counts weekdays from Monday = 0 and finds the ISO week start', () => {
    expect(weekdayIndex('2026-03-02')).toBe(0);
    expect(weekdayIndex('2026-03-08')).toBe(6);
    expect(weekStart('2026-03-08')).toBe('2026-03-02');
    expect(weekStart('2026-01-01')).toBe('2025-12-29');
  });

  it('adds days across month and DST boundaries without drifting', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(dateRange('2026-03-07', '2026-03-09')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('formats a date-only value without shifting it', () => {
    expect(formatDate('2026-03-02')).toBe('Mon, 2 Mar 2026');
    expect(formatDate('2026-03-02', { year: false })).toBe('Mon 2 Mar');
  });

  it('knows a real zone from a typo', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('sameInstant', () => {
  it('compares moments, whatever their offset, and nothing with a missing one', () => {
    expect(sameInstant('2026-03-02T15:15:00Z', '2026-03-02T10:15:00-05:00')).toBe(true);
    expect(sameInstant('2026-03-02T15:15:00Z', '2026-03-02T15:15:00.000Z')).toBe(true);
    expect(sameInstant('2026-03-02T15:15:00Z', '2026-03-02T15:16:00Z')).toBe(false);
    expect(sameInstant(null, '2026-03-02T15:15:00Z')).toBe(false);
  });
});
