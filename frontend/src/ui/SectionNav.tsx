// A group of the main menu (e.g. Integrations) as links at the top of each of its screens: the same
// links, for the same roles, as the menu lists (the app shell provides them).
import { createContext, useContext } from 'react';
import { NavLink } from 'react-router-dom';

export interface MenuLink {
  to: string;
  label: string;
  group?: string;
}

export const MenuContext = createContext<readonly MenuLink[]>([]);

export function SectionNav({ group }: { group: string }) {
  const items = useContext(MenuContext).filter((n) => n.group === group);
  if (items.length < 2) return null;
  return (
    <nav className="tabs subnav" aria-label={group}>
      {items.map((n) => (
        <NavLink key={n.to} to={n.to}>
          {n.label}
        </NavLink>
      ))}
    </nav>
  );
}
