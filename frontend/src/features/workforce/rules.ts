// The event-type rules in force, as the server's rule checker applies them (readable by every role).
import { api } from '../../api/client';
import { DEFAULT_RULES, parseRules, type EventTypeRules } from './eventRules';

export async function loadRules(): Promise<{ rules: EventTypeRules; fromSettings: boolean }> {
  const r = await api.GET('/api/v1/scheduling-rules');
  const parsed = r.data ? parseRules(r.data.event_types) : null;
  return parsed ? { rules: parsed, fromSettings: true } : { rules: DEFAULT_RULES, fromSettings: false };
}
