// The integrations screens' own links (jobs, audit findings, webhooks, outbound messages), shown at the top of each.
import { NavLink } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { NAV } from '../app/Layout';

export function IntegrationsNav() {
  const { can } = useAuth();
  const items = NAV.filter((n) => n.group === 'Integrations' && can(n.role));
  if (items.length < 2) return null;
  return (
    <nav className="tabs subnav" aria-label="Integrations">
      {items.map((n) => <NavLink key={n.to} to={n.to}>{n.label}</NavLink>)}
    </nav>
  );
}
