// The main menu, made from the features' route tables: the screens that have a menu entry and that
// the one role gate (auth/access.ts) lists for this person, in menu order.
import { listed } from '../auth/access';
import type { Role } from '../auth/roles';
import type { AppRoute } from '../lib/feature';
import type { MenuLink } from '../ui/SectionNav';
import { ROUTES } from './features';

export function menuOf(routes: readonly AppRoute[], role: Role | null): MenuLink[] {
  return routes
    .filter((r) => r.menu && listed(r.role, role))
    .sort((a, b) => a.menu!.order - b.menu!.order)
    .map((r) => ({ to: `/${r.path}`, label: r.menu!.label, group: r.menu!.group }));
}

/** This person's menu across all the features. */
export function visibleNav(role: Role | null): MenuLink[] {
  return menuOf(ROUTES, role);
}
