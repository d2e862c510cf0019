// The one role gate: whether a person may open a screen, where they are sent instead, and whether
// the screen is in their menu. The router (app/App.tsx), the menu and the in-page section links
// (app/menu.ts) and the links one screen shows to another (useMayOpen) all ask here, from the
// screen's entry in its feature's route table (features/<name>/routes.tsx).
import { useCallback } from 'react';
import { matchPath } from 'react-router-dom';
import { useFeatures } from '../lib/feature';
import { useAuth } from './AuthContext';
import { roleAtLeast, type Role } from './roles';

/**
 * Who a screen is for (roles include the ones below them: viewer < member < manager < admin):
 * - a role: that role and the ones above it. 'member' marks a member's own screens: managers and
 *   admins may open them too, but only members find them in the menu.
 * - 'staff': viewers, managers and admins; a member is sent to their own start screen instead.
 * - 'guest': someone not signed in (the sign-in screen); someone signed in goes to the start page.
 * - left out: everyone signed in.
 */
export type Audience = Role | 'staff' | 'guest';

/** What opening a screen does: show it, send the person elsewhere, or say their role does not allow it. */
export type Verdict = 'open' | 'sign-in' | 'start' | 'member-home' | 'refused';

export function gate(audience: Audience | undefined, role: Role | null): Verdict {
  if (audience === 'guest') return role ? 'start' : 'open';
  if (!role) return 'sign-in';
  if (audience === undefined) return 'open';
  if (audience === 'staff') return role === 'member' ? 'member-home' : 'open';
  return roleAtLeast(role, audience) ? 'open' : 'refused';
}

/** Whether a screen that has a menu entry is in this person's menu. */
export function listed(audience: Audience | undefined, role: Role | null): boolean {
  return gate(audience, role) === 'open' && (audience !== 'member' || role === 'member');
}

/** Whether the signed-in person may open the screen at `to` (a path, with or without query and fragment). */
export function useMayOpen(): (to: string) => boolean {
  const features = useFeatures();
  const { role } = useAuth();
  return useCallback(
    (to: string) => {
      const pathname = to.split(/[?#]/)[0];
      const route = features.flatMap((f) => f.routes).find((r) => matchPath(`/${r.path}`, pathname));
      return !!route && gate(route.role, role) === 'open';
    },
    [features, role],
  );
}
