import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './eventRules';
import { eventDates, eventMinutes, exceptionEventPath, rankCandidates, startPassed, timeOptions } from './scheduling';

const TZ = 'America/Indiana/Indianapolis';
const core = {
  event_type: 'Core',
  estimated_time: null,
  start_datetime: '2026-03-02T15:30:00Z',
  due_datetime: '2026-03-04T22:00:00Z',
};

describe('manual scheduling choices', () => {
  it('uses the type default when the event has no estimate', () => {
    expect(eventMinutes(core, DEFAULT_RULES)).toBe(390);
    expect(eventMinutes({ ...core, estimated_time: 60 }, DEFAULT_RULES)).toBe(60);
  });

  it('lists the local days of the window', () => {
    expect(eventDates(core, TZ)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
  });

  it('offers start times that respect the earliest start and the due time in the business zone', () => {
    // starts 10:30 local on the first day; due 17:00 local on the last.
    expect(timeOptions(core, '2026-03-02', DEFAULT_RULES, TZ)).toEqual(['10:45', '11:15', '11:45']);
    expect(timeOptions(core, '2026-03-03', DEFAULT_RULES, TZ)).toEqual(['10:15', '10:45', '11:15', '11:45']);
    expect(timeOptions(core, '2026-03-04', DEFAULT_RULES, TZ)).toEqual(['10:15']);
  });

  it('puts allowed employees first', () => {
    const ranked = rankCandidates([
      { name: 'Zoe', violations: [] },
      { name: 'Ann', violations: ['x'] },
      { name: 'Bob', violations: [] },
    ]);
    expect(ranked.map((c) => c.name)).toEqual(['Bob', 'Zoe', 'Ann']);
  });
});

describe('proposals and exceptions', () => {
  it('says an open proposal has passed once its start is behind now, and never a reviewed one', () => {
    const now = Date.parse('2026-03-02T16:00:00Z');
    expect(startPassed({ reviewed: false, schedule_datetime: '2026-03-02T15:15:00Z' }, now)).toBe(true);
    expect(startPassed({ reviewed: false, schedule_datetime: '2026-03-02T17:00:00Z' }, now)).toBe(false);
    expect(startPassed({ reviewed: true, schedule_datetime: '2026-03-02T15:15:00Z' }, now)).toBe(false);
  });
  it('links an exception to its event page when the id is known, else to a search', () => {
    expect(exceptionEventPath({ event_id: 57, event_ref_num: 606035 })).toBe('/events/57');
    expect(exceptionEventPath({ event_ref_num: 606035 })).toBe('/events?q=606035');
  });
});
