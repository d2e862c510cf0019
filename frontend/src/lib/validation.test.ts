import { describe, expect, it } from 'vitest';
import { email } from './validation';

describe('form checks match the server', () => {
  it('checks e-mail addresses the way the server does', () => {
    expect(email('ana@example.com')).toBeUndefined();
    expect(email('ana@example')).toBe('must be a valid e-mail address');
    expect(email('a b@example.com')).toBe('must be a valid e-mail address');
    expect(email('a@@example.com')).toBe('must be a valid e-mail address');
  });
});
