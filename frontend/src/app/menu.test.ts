import { describe, expect, it } from 'vitest';
import { roleAtLeast } from '../auth/roles';
import { visibleNav } from './menu';

describe('navigation by role', () => {
  it('gives a member only their own page', () => {
    expect(visibleNav('member').map((n) => n.to)).toEqual(['/me', '/account']);
  });

  it('gives a viewer the read-only screens, without manager or admin ones', () => {
    const to = visibleNav('viewer').map((n) => n.to);
    expect(to).toContain('/board');
    expect(to).not.toContain('/me');
    expect(to).not.toContain('/scheduler');
    expect(to).not.toContain('/settings');
  });

  it('gives managers approvals and the audit log, and admins settings and users', () => {
    expect(visibleNav('manager').map((n) => n.to)).toEqual(
      expect.arrayContaining(['/scheduler', '/time-off', '/audit']),
    );
    expect(visibleNav('manager').map((n) => n.to)).not.toContain('/admin');
    expect(visibleNav('admin').map((n) => n.to)).toEqual(expect.arrayContaining(['/settings', '/admin']));
    expect(visibleNav(null)).toEqual([]);
  });

  it('shows the integrations screens to managers (jobs, findings, outbound messages) and admins (also webhooks) only', () => {
    const manager = visibleNav('manager').map((n) => n.to);
    expect(manager).toEqual(expect.arrayContaining(['/integrations/jobs', '/integrations/findings']));
    expect(manager).not.toContain('/integrations/webhooks');
    expect(manager).toContain('/integrations/deliveries');
    expect(visibleNav('admin').map((n) => n.to)).toEqual(
      expect.arrayContaining([
        '/integrations/jobs',
        '/integrations/findings',
        '/integrations/webhooks',
        '/integrations/deliveries',
      ]),
    );
    for (const role of ['viewer', 'member'] as const) {
      expect(visibleNav(role).filter((n) => n.to.startsWith('/integrations'))).toEqual([]);
    }
    expect(
      visibleNav('admin')
        .filter((n) => n.group === 'Integrations')
        .map((n) => n.label),
    ).toEqual(['Jobs', 'Audit findings', 'Webhooks', 'Outbound messages']);
  });

  it('orders roles viewer < member < manager < admin', () => {
    expect(roleAtLeast('admin', 'manager')).toBe(true);
    expect(roleAtLeast('member', 'manager')).toBe(false);
    expect(roleAtLeast(null, 'viewer')).toBe(false);
  });
});
