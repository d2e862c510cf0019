import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './eventRules';
import { cellKey, daySpans, dropTarget, groupByCell, moveViolations, slotOf, timeOffDays } from './board';

const TZ = 'America/Indiana/Indianapolis';
const s1 = { id: 1, employee_id: 'E1', schedule_datetime: '2026-03-02T15:15:00Z' }; // Mon 10:15 local
const s2 = { id: 2, employee_id: 'E1', schedule_datetime: '2026-03-03T04:30:00Z' }; // Mon 23:30 local
const s3 = { id: 3, employee_id: 'E2', schedule_datetime: '2026-03-02T14:00:00Z' }; // Mon 09:00 local

describe('schedule board layout', () => {
  it('puts assignments in the business-zone day, not the UTC day', () => {
    expect(slotOf(s2, 'week', TZ)).toBe('2026-03-02');
    const cells = groupByCell([s2, s1, s3], 'week', TZ);
    expect(cells.get('E1|2026-03-02')!.map((s) => s.id)).toEqual([1, 2]);
    expect(cells.get('E2|2026-03-02')!.map((s) => s.id)).toEqual([3]);
  });

  it('places assignments by local hour in the day view, clamping late ones to the last column', () => {
    expect(slotOf(s1, 'day', TZ)).toBe('10');
    expect(slotOf(s2, 'day', TZ)).toBe('21');
  });
});

describe('moving an assignment', () => {
  it('keeps the start time when moved to another day or person', () => {
    expect(dropTarget(s1, 'Core', 'week', 'E2', '2026-03-04', '2026-03-02', DEFAULT_RULES, TZ)).toEqual({
      employeeId: 'E2',
      date: '2026-03-04',
      time: '10:15',
    });
  });

  it('keeps the minutes in the day view when that start is allowed, else takes the first allowed in the hour', () => {
    expect(dropTarget(s1, 'Core', 'day', 'E1', '11', '2026-03-02', DEFAULT_RULES, TZ).time).toBe('11:15');
    const at0930 = { ...s1, schedule_datetime: '2026-03-02T14:30:00Z' };
    expect(dropTarget(at0930, 'Core', 'day', 'E1', '10', '2026-03-02', DEFAULT_RULES, TZ).time).toBe('10:15');
    expect(dropTarget(s1, 'Core', 'day', 'E1', '15', '2026-03-02', DEFAULT_RULES, TZ).time).toBe('15:15');
  });

  it('sets aside the complaints that only the moved assignment causes', () => {
    const vs = [
      { code: 'event_not_unstaffed', message: 'already staffed' },
      { code: 'overlaps_existing', message: 'overlaps' },
      { code: 'missing_skill', message: 'no skill' },
    ];
    expect(moveViolations(vs, true)).toEqual({ real: [vs[2]], uncertain: [vs[1]] });
    expect(moveViolations(vs, false)).toEqual({ real: [vs[1], vs[2]], uncertain: [] });
  });
});

describe('timeOffDays', () => {
  it('marks the approved days inside the range only', () => {
    const days = timeOffDays(
      [
        { employee_id: 'A', start_date: '2026-02-27', end_date: '2026-03-03', status: 'approved' },
        { employee_id: 'B', start_date: '2026-03-04', end_date: '2026-03-04', status: 'pending' },
        { employee_id: 'C', start_date: '2026-03-08', end_date: '2026-03-20', status: 'approved' },
      ],
      '2026-03-02',
      '2026-03-08',
    );
    expect([...days].sort()).toEqual([
      cellKey('A', '2026-03-02'),
      cellKey('A', '2026-03-03'),
      cellKey('C', '2026-03-08'),
    ]);
  });
});

describe('daySpans', () => {
  const at = (id: number, employee: string, utc: string) => ({ id, employee_id: employee, schedule_datetime: utc });
  it('spans a shift from its start to its end, and stacks overlapping ones', () => {
    // 10:15-16:45 and 12:00-14:00 (overlapping, one person), 17:00-17:30 after them, in Indianapolis (UTC-5).
    const items = [
      at(1, 'A', '2026-03-02T15:15:00Z'),
      at(2, 'A', '2026-03-02T17:00:00Z'),
      at(3, 'A', '2026-03-02T22:00:00Z'),
      at(4, 'B', '2026-03-02T17:00:00Z'),
    ];
    const minutes: Record<number, number> = { 1: 390, 2: 120, 3: 30, 4: 120 };
    const spans = daySpans(items, (s) => minutes[s.id], TZ);
    expect(spans.get(1)).toEqual({ left: 0.25, width: 6.5, lane: 0 });
    expect(spans.get(2)).toEqual({ left: 0, width: 2, lane: 1 });
    expect(spans.get(3)).toEqual({ left: 0, width: 0.75, lane: 0 }); // 30 minutes, drawn 45 wide
    expect(spans.get(4)).toEqual({ left: 0, width: 2, lane: 0 });
  });
  it('draws a short event wide enough to read, in its own lane when it would cover the next', () => {
    // 10:00-10:15 setup, then 10:15-16:45 core: the setup is drawn 45 minutes wide, so the core stacks.
    const spans = daySpans(
      [at(1, 'A', '2026-03-02T15:00:00Z'), at(2, 'A', '2026-03-02T15:15:00Z')],
      (s) => (s.id === 1 ? 15 : 390),
      TZ,
    );
    expect(spans.get(1)).toEqual({ left: 0, width: 0.75, lane: 0 });
    expect(spans.get(2)).toEqual({ left: 0.25, width: 6.5, lane: 1 });
  });
  it("cuts a shift at the board's last hour", () => {
    // 20:00 for 540 minutes ends at 22:00 on the board (its last column is 21:00).
    const spans = daySpans([at(1, 'A', '2026-03-03T01:00:00Z')], () => 540, TZ);
    expect(spans.get(1)).toEqual({ left: 0, width: 2, lane: 0 });
  });
});
