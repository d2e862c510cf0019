// What a feature (the platform, workforce, and the modules to come) gives the app shell: its route
// table, which makes both the router and the menu, and the parts it adds to the shell and to other
// features' screens. app/features.ts lists the features; nothing else names them.
import { createContext, useContext, type ComponentType, type ReactNode } from 'react';
import type { Schemas } from '../api/client';
import type { Audience } from '../auth/access';

/** A screen's place in the main menu. */
export interface MenuEntry {
  label: string;
  /** A heading the entry is listed under, with the other entries of that group (e.g. "Integrations"). */
  group?: string;
  /** Place in the menu across all features, smallest first. */
  order: number;
}

/** One screen: where it is, who may open it (auth/access.ts decides), and its menu entry if it has one. */
export interface AppRoute {
  /** From the root without the leading "/" ('' is the start page), with segments such as ':id'. */
  path: string;
  element: ReactNode;
  role?: Audience;
  menu?: MenuEntry;
  /** The screen a member is sent to from the staff screens (one in all the features). */
  memberHome?: boolean;
}

/** An editor the settings screen shows, above the plain settings, for a setting a feature owns. */
export interface SettingPanel {
  key: string;
  /** Loaded with the settings screen, so the feature's editor is not in the first page load. */
  load: () => Promise<{ default: ComponentType<{ setting: Schemas['SettingOut'] | undefined }> }>;
}

export interface Feature {
  name: string;
  routes: AppRoute[];
  /** Parts of the top bar, after the time zone and before "Sign out". */
  topbar?: ComponentType[];
  settingPanels?: SettingPanel[];
}

const FeaturesContext = createContext<readonly Feature[]>([]);
export const FeaturesProvider = FeaturesContext.Provider;

/** The app's features, as app/features.ts lists them. */
export function useFeatures(): readonly Feature[] {
  return useContext(FeaturesContext);
}
