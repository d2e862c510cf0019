// The app frame: header, navigation (a menu on phones) made from the features' route tables, and the
// routed screen.
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { zoneLabel } from '../lib/time';
import { Loading } from '../ui';
import { MenuContext } from '../ui/SectionNav';
import { FEATURES } from './features';
import { visibleNav } from './menu';

/** The parts the features add to the top bar (the notification bell, the account link). */
const TOPBAR = FEATURES.flatMap((f) => f.topbar ?? []);

export function Layout() {
  const { role, logout, tz } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setOpen(false);
    // Move focus to the new screen's heading so keyboard and screen-reader users land there.
    const t = setTimeout(
      () => (document.getElementById('page-title') as HTMLElement | null)?.focus({ preventScroll: true }),
      50,
    );
    return () => clearTimeout(t);
  }, [location.pathname]);

  const items = useMemo(() => visibleNav(role), [role]);
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-btn"
          aria-expanded={open}
          aria-controls="nav"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">☰</span>
          <span className="sr-only">Menu</span>
        </button>
        <span className="brand">Kairos</span>
        <span className="tz" title={tz}>
          Times in {zoneLabel(tz)}
        </span>
        {TOPBAR.map((Part, i) => (
          <Part key={i} />
        ))}
        <button type="button" className="btn small ghost" onClick={() => void logout()}>
          Sign out
        </button>
      </header>
      <nav id="nav" className={`sidenav${open ? ' open' : ''}`} aria-label="Main">
        <ul>
          {items.map((n, i) => (
            <li key={n.to} className={!n.group && items[i - 1]?.group ? 'after-group' : undefined}>
              {n.group && n.group !== items[i - 1]?.group ? <span className="nav-group">{n.group}</span> : null}
              <NavLink to={n.to} end={n.to === '/'}>
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main}>
        <MenuContext.Provider value={items}>
          <Suspense fallback={<Loading label="Loading screen…" />}>
            <Outlet />
          </Suspense>
        </MenuContext.Provider>
      </main>
    </div>
  );
}
