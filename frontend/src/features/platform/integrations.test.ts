import { describe, expect, it } from 'vitest';
import {
  DELIVERY_EVENT_TYPES,
  EVENT_TYPES,
  channelLabel,
  deliveriesQuery,
  detailParts,
  duration,
  durationMs,
  jobState,
  parseSchedule,
  messageTargets,
  toggleEventType,
  validateWebhook,
} from './integrations';

describe('job state', () => {
  const base = { enabled: true, running: false, last_status: null, last_started_at: null, consecutive_failures: 0 };
  it('puts running first, then switched off, then the last run', () => {
    expect(jobState({ ...base, running: true, enabled: false }).label).toBe('running');
    expect(jobState({ ...base, enabled: false, last_status: 'failed' })).toEqual({
      label: 'switched off',
      tone: 'muted',
    });
    expect(jobState(base)).toEqual({ label: 'never run', tone: 'muted' });
    expect(jobState({ ...base, last_status: 'succeeded', last_started_at: 'x' })).toEqual({ label: 'ok', tone: 'ok' });
  });
  it('counts failures in a row', () => {
    expect(jobState({ ...base, last_status: 'failed', consecutive_failures: 1 })).toEqual({
      label: 'last run failed',
      tone: 'bad',
    });
    expect(jobState({ ...base, last_status: 'failed', consecutive_failures: 3 }).label).toBe('failed 3 times in a row');
  });
});

describe('schedule settings', () => {
  it('takes whole minutes, 0 included', () => {
    expect(parseSchedule('minutes', ' 30 ')).toEqual({ value: 30 });
    expect(parseSchedule('minutes', '0')).toEqual({ value: 0 });
    expect(parseSchedule('minutes', '-5')).toHaveProperty('problem');
    expect(parseSchedule('minutes', '1.5')).toHaveProperty('problem');
    expect(parseSchedule('minutes', '')).toHaveProperty('problem');
  });
  it('takes a time of day as HH:MM', () => {
    expect(parseSchedule('time', '6:05')).toEqual({ value: '06:05' });
    expect(parseSchedule('time', '23:59')).toEqual({ value: '23:59' });
    expect(parseSchedule('time', '24:00')).toHaveProperty('problem');
    expect(parseSchedule('time', '06:60')).toHaveProperty('problem');
    expect(parseSchedule('time', 'six')).toHaveProperty('problem');
  });
});

describe('durations and details', () => {
  it('says how long a run took', () => {
    expect(duration('2026-11-23T10:00:00Z', '2026-11-23T10:00:00.250Z')).toBe('250 ms');
    expect(duration('2026-11-23T10:00:00Z', '2026-11-23T10:00:02.5Z')).toBe('2.5 s');
    expect(duration('2026-11-23T10:00:00Z', '2026-11-23T10:03:05Z')).toBe('3 min 5 s');
    expect(duration('2026-11-23T10:00:00Z', null)).toBe('');
    expect(durationMs(12)).toBe('12 ms');
    expect(durationMs(42_000)).toBe('42 s');
  });
  it('lists scalar details and the length of lists', () => {
    expect(
      detailParts({ unstaffed_events: 2, new: 3, rejected_rows: [], ids: [1, 2], nested: { a: 1 }, none: null }),
    ).toEqual(['unstaffed events: 2', 'new: 3', 'ids: 2']);
    expect(detailParts(null)).toEqual([]);
    expect(detailParts([1, 2])).toEqual([]);
  });
});

describe('webhook event types', () => {
  it('keeps the server order and lets "*" stand alone', () => {
    expect(toggleEventType([], 'time_off.denied', true)).toEqual(['time_off.denied']);
    expect(toggleEventType(['time_off.denied'], 'schedule.created', true)).toEqual([
      'schedule.created',
      'time_off.denied',
    ]);
    expect(toggleEventType(['schedule.created', 'time_off.denied'], 'schedule.created', false)).toEqual([
      'time_off.denied',
    ]);
    expect(toggleEventType(['schedule.created'], '*', true)).toEqual(['*']);
    expect(toggleEventType(['*'], 'schedule.created', true)).toEqual(['schedule.created']);
    expect(toggleEventType(['*'], '*', false)).toEqual([]);
    expect(EVENT_TYPES).toHaveLength(8);
  });
});

describe('webhook checks (the server rules)', () => {
  const ok = { name: 'Payroll', url: 'https://payroll.example.com/hooks', event_types: ['*'], secret: '' };
  it('accepts a good endpoint, secret optional', () => {
    expect(validateWebhook(ok)).toEqual({});
    expect(validateWebhook({ ...ok, url: 'http://127.0.0.1:9000/x', secret: 'a'.repeat(16) })).toEqual({});
  });
  it('names each bad field in the server words', () => {
    const e = validateWebhook({ name: '  ', url: 'ftp://x', event_types: [], secret: 'short' });
    expect(e).toEqual({
      name: 'must be 1 to 100 characters',
      url: 'must be an http:// or https:// URL',
      event_types: 'must name at least one event type',
      secret: 'must be 16 to 200 characters',
    });
    expect(validateWebhook({ ...ok, name: 'x'.repeat(101) }).name).toBeDefined();
    expect(validateWebhook({ ...ok, url: 'https://' }).url).toBeDefined();
    expect(validateWebhook({ ...ok, secret: 'x'.repeat(201) }).secret).toBeDefined();
  });
});

describe('outbound messages', () => {
  it('names channels, unknown ones as they are', () => {
    expect(channelLabel('email')).toBe('E-mail');
    expect(channelLabel('webhook')).toBe('Webhook');
    expect(channelLabel('sms')).toBe('sms');
  });
  it("splits an e-mail's recipients and keeps a URL whole", () => {
    expect(messageTargets('email', 'a@example.com, b@example.com,,')).toEqual(['a@example.com', 'b@example.com']);
    expect(messageTargets('webhook', 'https://x.example/h?a=1,2')).toEqual(['https://x.example/h?a=1,2']);
  });
  it('turns the URL filters into the list query, leaving empty ones out', () => {
    expect(deliveriesQuery({ status: '', channel: '', event: '', page: '' }, 50)).toEqual({
      status: undefined,
      channel: undefined,
      event_type: undefined,
      page: 1,
      per_page: 50,
      sort: '-id',
    });
    expect(deliveriesQuery({ status: 'failed', channel: 'email', event: 'webhook.test', page: '3' }, 20)).toMatchObject(
      { status: 'failed', channel: 'email', event_type: 'webhook.test', page: 3, per_page: 20 },
    );
    expect(deliveriesQuery({ status: '', channel: '', event: '', page: 'x' }, 50).page).toBe(1);
    expect(deliveriesQuery({ status: '', channel: '', event: '', page: '0' }, 50).page).toBe(1);
  });
  it('offers the test event besides the subscribable ones', () => {
    expect(DELIVERY_EVENT_TYPES[0]).toBe('webhook.test');
    expect(DELIVERY_EVENT_TYPES.slice(1)).toEqual([...EVENT_TYPES]);
  });
});
