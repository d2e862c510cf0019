import { describe, expect, it } from 'vitest';
import { validateUser } from '../platform/validation';
import { parseSkills, validateEmployee, validateEvent, validateTimeOff, validateWeekly } from './validation';

describe('form checks match the server', () => {
  it('normalises skills and checks an employee', () => {
    expect(parseSkills('Lead, juicer , lead,')).toEqual(['juicer', 'lead']);
    expect(validateEmployee({ name: ' ', skills: [], id: 'bad id' })).toEqual({
      name: 'must not be blank',
      id: 'must be 1 to 64 letters, digits, dots, dashes or underscores',
    });
    expect(
      validateEmployee({ name: 'Ana', skills: ['lead'], hire_date: '2026-03-02', termination_date: '2026-03-01' }),
    ).toEqual({ termination_date: 'must not be before hire_date' });
  });

  it('refuses weekly windows that end before they start', () => {
    expect(
      validateWeekly([
        { day_of_week: 0, start_time: '09:00', end_time: '17:00' },
        { day_of_week: 1, start_time: '18:00', end_time: '08:00' },
      ]),
    ).toEqual({ 1: 'end must be after start' });
    expect(validateWeekly([{ day_of_week: 0, start_time: '9:00', end_time: '17:00' }])[0]).toMatch(/HH:MM/);
  });

  it('checks time-off, users and events', () => {
    expect(validateTimeOff({ start_date: '2026-03-05', end_date: '2026-03-04' })).toEqual({
      end_date: 'must not be before the first day',
    });
    expect(validateUser({ email: 'x@example.com', password: 'short', creating: true })).toEqual({
      password: 'must have at least 8 characters',
    });
    expect(
      validateEvent({
        project_ref_num: '0',
        project_name: 'x',
        start: '2026-03-02T10:00',
        due: '2026-03-01T10:00',
        estimated_time: '2000',
      }),
    ).toEqual({
      project_ref_num: 'must be a positive whole number',
      due_datetime: 'must be after the earliest start',
      estimated_time: 'must be 1 to 1440 minutes',
    });
    // Beyond what a JavaScript number holds exactly: refused before it is rounded and sent.
    expect(
      validateEvent({
        project_ref_num: '99999999999999999',
        project_name: 'x',
        start: '',
        due: '',
        estimated_time: '',
      }),
    ).toEqual({
      project_ref_num: `must be at most ${Number.MAX_SAFE_INTEGER}`,
    });
  });
});
