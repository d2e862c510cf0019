import { describe, expect, it } from 'vitest';
import { email, parseSkills, validateEmployee, validateEvent, validateLogin, validateTimeOff, validateUser, validateWeekly } from './validation';
import { DEFAULT_RULES, parseRules, serializeRules, startOptions, validateRules } from '../features/workforce/eventRules';

describe('form checks match the server', () => {
  it('checks e-mail addresses the way the server does', () => {
    expect(email('ana@example.com')).toBeUndefined();
    expect(email('ana@example')).toBe('must be a valid e-mail address');
    expect(email('a b@example.com')).toBe('must be a valid e-mail address');
    expect(email('a@@example.com')).toBe('must be a valid e-mail address');
  });

  it('requires login fields', () => {
    expect(validateLogin({ email: '', password: '' })).toEqual({ email: 'must not be blank', password: 'must not be blank' });
  });

  it('normalises skills and checks an employee', () => {
    expect(parseSkills('Lead, juicer , lead,')).toEqual(['juicer', 'lead']);
    expect(validateEmployee({ name: ' ', skills: [], id: 'bad id' })).toEqual({
      name: 'must not be blank',
      id: 'must be 1 to 64 letters, digits, dots, dashes or underscores',
    });
    expect(validateEmployee({ name: 'Ana', skills: ['lead'], hire_date: '2026-03-02', termination_date: '2026-03-01' }))
      .toEqual({ termination_date: 'must not be before hire_date' });
  });

  it('refuses weekly windows that end before they start', () => {
    expect(validateWeekly([{ day_of_week: 0, start_time: '09:00', end_time: '17:00' }, { day_of_week: 1, start_time: '18:00', end_time: '08:00' }]))
      .toEqual({ 1: 'end must be after start' });
    expect(validateWeekly([{ day_of_week: 0, start_time: '9:00', end_time: '17:00' }])[0]).toMatch(/HH:MM/);
  });

  it('checks time-off, users and events', () => {
    expect(validateTimeOff({ start_date: '2026-03-05', end_date: '2026-03-04' })).toEqual({ end_date: 'must not be before the first day' });
    expect(validateUser({ email: 'x@example.com', password: 'short', creating: true })).toEqual({ password: 'must have at least 8 characters' });
    expect(validateEvent({ project_ref_num: '0', project_name: 'x', start: '2026-03-02T10:00', due: '2026-03-01T10:00', estimated_time: '2000' })).toEqual({
      project_ref_num: 'must be a positive whole number',
      due_datetime: 'must be after the earliest start',
      estimated_time: 'must be 1 to 1440 minutes',
    });
    // Beyond what a JavaScript number holds exactly: refused before it is rounded and sent.
    expect(validateEvent({ project_ref_num: '99999999999999999', project_name: 'x', start: '', due: '', estimated_time: '' })).toEqual({
      project_ref_num: `must be at most ${Number.MAX_SAFE_INTEGER}`,
    });
  });
});

describe('event type rules', () => {
  it('round-trips the defaults and drops empty optional fields', () => {
    const parsed = parseRules(serializeRules(DEFAULT_RULES))!;
    expect(parsed.Juicer.rotation).toBe('juicer');
    expect(parsed.Setup.max_per_employee_per_day).toBeNull();
    expect(serializeRules(parsed).Setup).toEqual({ skills_any: ['lead', 'supervisor'], start_times: ['10:00', '10:15', '10:30', '10:45'], default_minutes: 15 });
    expect(parseRules([1, 2])).toBeNull();
  });

  it('reports the server messages for bad rules', () => {
    expect(validateRules({ Core: { ...DEFAULT_RULES.Core, start_times: [] } })).toEqual({ Core: 'Core.start_times must not be empty' });
    expect(validateRules({ Core: { ...DEFAULT_RULES.Core, default_minutes: 0 } })).toEqual({ Core: 'Core.default_minutes must be 1 to 1440' });
  });

  it('offers only start times whose whole duration fits the event window', () => {
    expect(startOptions(DEFAULT_RULES.Core, 390, null, null)).toEqual(['10:15', '10:45', '11:15', '11:45']);
    expect(startOptions(DEFAULT_RULES.Core, 390, '10:30', '17:30')).toEqual(['10:45']);
    expect(startOptions(undefined, 60, null, null)).toEqual([]);
  });
});
