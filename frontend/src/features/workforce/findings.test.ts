import { describe, expect, it } from 'vitest';
import { findingKindLabel, openParam, subjectLinks } from './findings';

describe('audit findings', () => {
  it('shows open findings unless asked otherwise', () => {
    expect(openParam('')).toBe(true);
    expect(openParam('resolved')).toBe(false);
    expect(openParam('all')).toBeUndefined();
  });
  it('names kinds and links subjects', () => {
    expect(findingKindLabel('audit.rotation_gap')).toBe('Rotation gap');
    expect(findingKindLabel('audit.other')).toBe('audit.other');
    expect(subjectLinks('event:606034', { event_ref_num: 606034 })).toEqual([
      { to: '/events?q=606034', label: 'Event 606034' },
    ]);
    expect(subjectLinks('schedule:12', { schedule_id: 12, employee_id: 'E0003' })).toEqual([
      { to: '/employees/E0003', label: 'Employee E0003' },
    ]);
    expect(subjectLinks('rotation:juicer:2026-11-24', {})).toEqual([{ to: '/rotations', label: 'Rotations' }]);
    expect(subjectLinks('other', null)).toEqual([]);
  });
});
