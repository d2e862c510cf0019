// The app frame: header, navigation (a menu on phones), and the routed screen.
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import type { Role } from '../auth/roles';
import { zoneLabel } from '../lib/time';
import { notifyUnreadChanged, useUnreadCount } from '../features/platform/unread';
import { Loading } from '../ui';

interface NavItem { to: string; label: string; role: Role; memberHidden?: boolean; group?: string }

export const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', role: 'viewer', memberHidden: true },
  { to: '/me', label: 'My schedule', role: 'member' },
  { to: '/employees', label: 'Employees', role: 'viewer', memberHidden: true },
  { to: '/events', label: 'Events', role: 'viewer', memberHidden: true },
  { to: '/board', label: 'Schedule board', role: 'viewer', memberHidden: true },
  { to: '/scheduler', label: 'Auto-scheduler', role: 'manager' },
  { to: '/time-off', label: 'Time off', role: 'manager' },
  { to: '/rotations', label: 'Rotations', role: 'viewer', memberHidden: true },
  { to: '/attendance', label: 'Attendance', role: 'viewer', memberHidden: true },
  { to: '/paperwork', label: 'Paperwork & exports', role: 'viewer', memberHidden: true },
  { to: '/audit', label: 'Audit log', role: 'manager' },
  { to: '/integrations/jobs', label: 'Jobs', role: 'manager', group: 'Integrations' },
  { to: '/integrations/findings', label: 'Audit findings', role: 'manager', group: 'Integrations' },
  { to: '/integrations/webhooks', label: 'Webhooks', role: 'admin', group: 'Integrations' },
  { to: '/integrations/deliveries', label: 'Outbound messages', role: 'manager', group: 'Integrations' },
  { to: '/settings', label: 'Settings', role: 'admin' },
  { to: '/admin', label: 'Users & API keys', role: 'admin' },
  { to: '/account', label: 'Your account', role: 'viewer' },
];

export function visibleNav(role: Role | null): NavItem[] {
  return NAV.filter((n) => {
    if (!role) return false;
    if (role === 'member') return n.to === '/me' || n.to === '/account';
    if (n.to === '/me') return false;
    const order: Role[] = ['viewer', 'member', 'manager', 'admin'];
    return order.indexOf(role) >= order.indexOf(n.role);
  });
}

export function Layout() {
  const { me, role, logout, tz } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setOpen(false);
    notifyUnreadChanged(); // a cheap recount on each screen change keeps the badge current
    // Move focus to the new screen's heading so keyboard and screen-reader users land there.
    const t = setTimeout(() => (document.getElementById('page-title') as HTMLElement | null)?.focus({ preventScroll: true }), 50);
    return () => clearTimeout(t);
  }, [location.pathname]);

  const items = visibleNav(role);
  const unread = useUnreadCount(!!me);
  return (
    <div className="app">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <button type="button" className="menu-btn" aria-expanded={open} aria-controls="nav" onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">☰</span><span className="sr-only">Menu</span>
        </button>
        <span className="brand">Kairos</span>
        <span className="tz" title={tz}>Times in {zoneLabel(tz)}</span>
        <Link className="bell" to="/notifications" aria-label={`Notifications${unread ? `, ${unread} unread` : ''}`}>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor"><path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" /></svg>{unread ? <span className="count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span> : null}
        </Link>
        <Link className="who" to="/account" title="Your account">{me?.user?.name ?? me?.user?.email} <span className="role">{role}</span></Link>
        <button type="button" className="btn small ghost" onClick={() => void logout()}>Sign out</button>
      </header>
      <nav id="nav" className={`sidenav${open ? ' open' : ''}`} aria-label="Main">
        <ul>
          {items.map((n, i) => (
            <li key={n.to} className={!n.group && items[i - 1]?.group ? 'after-group' : undefined}>
              {n.group && n.group !== items[i - 1]?.group ? <span className="nav-group">{n.group}</span> : null}
              <NavLink to={n.to} end={n.to === '/'}>{n.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>
        <Suspense fallback={<Loading label="Loading screen…" />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
