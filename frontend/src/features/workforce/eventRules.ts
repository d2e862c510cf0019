// The `event_type_rules` setting: per event type, who may take it, when it may start, how long.

export interface EventTypeRule {
  skills_any: string[];
  start_times: string[];
  default_minutes: number;
  max_per_employee_per_day?: number | null;
  rotation?: string | null;
}
export type EventTypeRules = Record<string, EventTypeRule>;

/** docs/scheduling.md §1 defaults, used when the setting cannot be read (only admins may read settings). */
export const DEFAULT_RULES: EventTypeRules = {
  Core: {
    skills_any: ['lead', 'specialist', 'juicer'],
    start_times: ['10:15', '10:45', '11:15', '11:45'],
    default_minutes: 390,
    max_per_employee_per_day: 1,
  },
  Juicer: {
    skills_any: ['juicer'],
    start_times: ['09:00'],
    default_minutes: 540,
    max_per_employee_per_day: 1,
    rotation: 'juicer',
  },
  Setup: { skills_any: ['lead', 'supervisor'], start_times: ['10:00', '10:15', '10:30', '10:45'], default_minutes: 15 },
  Demo: { skills_any: ['lead', 'specialist'], start_times: ['12:00', '13:00', '14:00'], default_minutes: 120 },
  Other: { skills_any: ['supervisor', 'lead'], start_times: ['12:00', '16:00'], default_minutes: 30 },
};

export function parseRules(value: unknown): EventTypeRules | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: EventTypeRules = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') return null;
    const r = raw as Record<string, unknown>;
    out[name] = {
      skills_any: Array.isArray(r.skills_any) ? r.skills_any.map(String) : [],
      start_times: Array.isArray(r.start_times) ? r.start_times.map(String) : [],
      default_minutes: Number(r.default_minutes ?? 0),
      max_per_employee_per_day: r.max_per_employee_per_day == null ? null : Number(r.max_per_employee_per_day),
      rotation: r.rotation == null || r.rotation === '' ? null : String(r.rotation),
    };
  }
  return out;
}

/** The same checks as the server's `event_type_rules` validation, plus well-formed times. */
export function validateRules(rules: EventTypeRules): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, r] of Object.entries(rules)) {
    if (!name.trim()) out[name] = 'an event type needs a name';
    else if (r.start_times.length === 0) out[name] = `${name}.start_times must not be empty`;
    else if (r.start_times.some((t) => !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(t)))
      out[name] = `${name}.start_times must be times written HH:MM`;
    else if (!(Number.isInteger(r.default_minutes) && r.default_minutes >= 1 && r.default_minutes <= 1440))
      out[name] = `${name}.default_minutes must be 1 to 1440`;
    else if (
      r.max_per_employee_per_day != null &&
      !(Number.isInteger(r.max_per_employee_per_day) && r.max_per_employee_per_day >= 1)
    )
      out[name] = `${name}.max_per_employee_per_day must be at least 1`;
  }
  return out;
}

/** The rules as the server stores them: empty optional fields left out, lists trimmed. */
export function serializeRules(rules: EventTypeRules): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(rules)) {
    const rule: Record<string, unknown> = {
      skills_any: r.skills_any.map((s) => s.trim().toLowerCase()).filter(Boolean),
      start_times: [...new Set(r.start_times.map((s) => s.trim()).filter(Boolean))].sort(),
      default_minutes: r.default_minutes,
    };
    if (r.max_per_employee_per_day != null) rule.max_per_employee_per_day = r.max_per_employee_per_day;
    if (r.rotation) rule.rotation = r.rotation;
    out[name.trim()] = rule;
  }
  return out;
}

/**
 * Local start times on `date` at which an event of this type may start: the type's start times
 * whose whole duration fits between the event's earliest start and latest end (local HH:MM on
 * that date; `null` bounds mean the window covers the whole day).
 */
export function startOptions(
  rule: EventTypeRule | undefined,
  minutes: number,
  earliest: string | null,
  latestEnd: string | null,
): string[] {
  if (!rule) return [];
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return rule.start_times.filter((t) => {
    const s = toMin(t);
    if (earliest && s < toMin(earliest)) return false;
    if (s + minutes > 24 * 60) return false;
    if (latestEnd && s + minutes > toMin(latestEnd)) return false;
    return true;
  });
}
