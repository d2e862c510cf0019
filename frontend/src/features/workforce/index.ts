// The workforce module as the app shell sees it: its screens, and its editor for the event-type
// rules on the settings screen.
import type { Feature } from '../../lib/feature';
import { routes } from './routes';

export const workforce: Feature = {
  name: 'workforce',
  routes,
  settingPanels: [{ key: 'event_type_rules', load: () => import('./components/RulesEditor') }],
};
