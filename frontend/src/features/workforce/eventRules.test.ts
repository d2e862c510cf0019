import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseRules, serializeRules, startOptions, validateRules } from './eventRules';

describe('event type rules', () => {
  it('round-trips the defaults and drops empty optional fields', () => {
    const parsed = parseRules(serializeRules(DEFAULT_RULES))!;
    expect(parsed.Juicer.rotation).toBe('juicer');
    expect(parsed.Setup.max_per_employee_per_day).toBeNull();
    expect(serializeRules(parsed).Setup).toEqual({
      skills_any: ['lead', 'supervisor'],
      start_times: ['10:00', '10:15', '10:30', '10:45'],
      default_minutes: 15,
    });
    expect(parseRules([1, 2])).toBeNull();
  });

  it('reports the server messages for bad rules', () => {
    expect(validateRules({ Core: { ...DEFAULT_RULES.Core, start_times: [] } })).toEqual({
      Core: 'Core.start_times must not be empty',
    });
    expect(validateRules({ Core: { ...DEFAULT_RULES.Core, default_minutes: 0 } })).toEqual({
      Core: 'Core.default_minutes must be 1 to 1440',
    });
  });

  it('offers only start times whose whole duration fits the event window', () => {
    expect(startOptions(DEFAULT_RULES.Core, 390, null, null)).toEqual(['10:15', '10:45', '11:15', '11:45']);
    expect(startOptions(DEFAULT_RULES.Core, 390, '10:30', '17:30')).toEqual(['10:45']);
    expect(startOptions(undefined, 60, null, null)).toEqual([]);
  });
});
