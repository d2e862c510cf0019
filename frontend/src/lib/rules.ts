// The event-type rules in force: from the settings when this role may read them, else the defaults.
import { api } from '../api/client';
import { DEFAULT_RULES, parseRules, type EventTypeRules } from './eventRules';

export async function loadRules(): Promise<{ rules: EventTypeRules; fromSettings: boolean }> {
  const r = await api.GET('/api/v1/settings/{key}', { params: { path: { key: 'event_type_rules' } } });
  const parsed = r.data ? parseRules(r.data.value) : null;
  return parsed ? { rules: parsed, fromSettings: true } : { rules: DEFAULT_RULES, fromSettings: false };
}
