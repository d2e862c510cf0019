// The platform feature as the app shell sees it: its screens, and the notification bell and the
// account link in the top bar.
import type { Feature } from '../../lib/feature';
import { AccountLink } from './components/AccountLink';
import { NotificationBell } from './components/NotificationBell';
import { routes } from './routes';

export const platform: Feature = { name: 'platform', routes, topbar: [NotificationBell, AccountLink] };
