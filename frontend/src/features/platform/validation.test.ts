import { describe, expect, it } from 'vitest';
import { validateLogin } from './validation';

describe('form checks match the server', () => {
  it('requires login fields', () => {
    expect(validateLogin({ email: '', password: '' })).toEqual({
      email: 'must not be blank',
      password: 'must not be blank',
    });
  });
});
