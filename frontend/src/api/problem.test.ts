import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, fieldErrorMap, toViolations } from './problem';

describe('problem+json in words', () => {
  it('prefers the detail the server wrote', () => {
    const e = new ApiError(409, { detail: 'E0001 is already booked 10:15–16:45', title: 'Conflict' });
    expect(errorMessage(e)).toBe('E0001 is already booked 10:15–16:45');
  });

  it('maps field errors to their fields, joining repeats', () => {
    expect(
      fieldErrorMap({
        errors: [
          { field: 'email', message: 'must be a valid e-mail address' },
          { field: 'email', message: 'is taken' },
          { field: 'name', message: 'must not be empty' },
        ],
      }),
    ).toEqual({ email: 'must be a valid e-mail address; is taken', name: 'must not be empty' });
  });

  it('reads broken rules from a 409', () => {
    const e = new ApiError(409, {
      detail: '1 rule',
      violations: [{ code: 'outside_availability', message: 'E0001 is not available' }] as never[],
    });
    expect(e.violations).toEqual([{ code: 'outside_availability', message: 'E0001 is not available' }]);
    expect(toViolations(null)).toEqual([]);
  });

  it('says something useful without a body', () => {
    expect(new ApiError(403, null).message).toBe('Your role does not allow this.');
    expect(errorMessage(new TypeError('fetch failed'))).toMatch(/could not be reached/);
  });
});
