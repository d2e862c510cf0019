import { describe, expect, it } from 'vitest';
import { gate, listed } from './access';

describe('the role gate', () => {
  it('opens a role’s screens to that role and the ones above, and refuses the rest', () => {
    expect(gate('manager', 'admin')).toBe('open');
    expect(gate('manager', 'manager')).toBe('open');
    expect(gate('manager', 'member')).toBe('refused');
    expect(gate('admin', 'viewer')).toBe('refused');
    expect(gate(undefined, 'viewer')).toBe('open');
  });

  it('sends a member from the staff screens to their own, and lets staff in', () => {
    expect(gate('staff', 'member')).toBe('member-home');
    for (const role of ['viewer', 'manager', 'admin'] as const) expect(gate('staff', role)).toBe('open');
  });

  it('keeps the sign-in screen for people signed out, and every other screen for people signed in', () => {
    expect(gate('guest', null)).toBe('open');
    expect(gate('guest', 'viewer')).toBe('start');
    expect(gate(undefined, null)).toBe('sign-in');
    expect(gate('staff', null)).toBe('sign-in');
  });

  it('lists a member’s own screens in members’ menus only, though managers may open them', () => {
    expect(listed('member', 'member')).toBe(true);
    expect(gate('member', 'manager')).toBe('open');
    expect(listed('member', 'manager')).toBe(false);
    expect(listed('member', 'viewer')).toBe(false);
    expect(listed('staff', 'member')).toBe(false);
    expect(listed(undefined, 'member')).toBe(true);
    expect(listed(undefined, null)).toBe(false);
  });
});
