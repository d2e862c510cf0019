// The features the web app is made of, and the only place that names them: a new module adds its
// folder under features/ (with its routes.tsx and index.ts) and one line here.
import { platform } from '../features/platform';
import { workforce } from '../features/workforce';
import type { AppRoute, Feature } from '../lib/feature';

export const FEATURES: readonly Feature[] = [platform, workforce];

/** Every feature's screens, for the router and the menu. */
export const ROUTES: readonly AppRoute[] = FEATURES.flatMap((f) => f.routes);
