import { describe, expect, it } from 'vitest';
import { ROUTES } from './features';

describe('the features’ route tables together', () => {
  it('name each path once, with one sign-in screen and one start screen for members', () => {
    const paths = ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(ROUTES.filter((r) => r.role === 'guest').map((r) => r.path)).toEqual(['login']);
    expect(ROUTES.filter((r) => r.memberHome).map((r) => r.path)).toEqual(['me']);
  });

  it('give each menu entry its own place', () => {
    const orders = ROUTES.flatMap((r) => (r.menu ? [r.menu.order] : []));
    expect(new Set(orders).size).toBe(orders.length);
  });
});
