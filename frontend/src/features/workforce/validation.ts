// Form checks of the workforce screens that match the server's (backend/server/src/validation.rs and
// the routes): employees, weekly availability, time off, events.
import { collect, email, hm, text, type Errors } from '../../lib/validation';

export function employeeId(value: string): string | undefined {
  return /^[A-Za-z0-9._-]{1,64}$/.test(value)
    ? undefined
    : 'must be 1 to 64 letters, digits, dots, dashes or underscores';
}

export function skills(list: string[]): string | undefined {
  return list.length > 50 || list.some((s) => !s.trim() || s.length > 50)
    ? 'must be at most 50 skill names of 1 to 50 characters'
    : undefined;
}

/** "lead, Juicer , lead" → ["juicer", "lead"], as the server stores them. */
export function parseSkills(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].sort();
}

export function validateEmployee(v: {
  id?: string;
  name: string;
  email?: string;
  skills: string[];
  hire_date?: string;
  termination_date?: string;
}): Errors {
  return collect([
    ['id', v.id ? employeeId(v.id) : undefined],
    ['name', text(v.name, 1, 200)],
    ['email', v.email ? email(v.email) : undefined],
    ['skills', skills(v.skills)],
    [
      'termination_date',
      v.hire_date && v.termination_date && v.termination_date < v.hire_date
        ? 'must not be before hire_date'
        : undefined,
    ],
  ]);
}

export interface WindowDraft {
  day_of_week: number;
  start_time: string;
  end_time: string;
  effective_date?: string | null;
}

/** Errors keyed by window index, as the weekly-availability PUT would answer them. */
export function validateWeekly(windows: WindowDraft[]): Errors {
  const out: Errors = {};
  if (windows.length > 200) out.windows = 'at most 200 windows';
  windows.forEach((w, i) => {
    const problem = hm(w.start_time)
      ? `start ${hm(w.start_time)}`
      : hm(w.end_time)
        ? `end ${hm(w.end_time)}`
        : w.end_time <= w.start_time
          ? 'end must be after start'
          : undefined;
    if (problem) out[String(i)] = problem;
  });
  return out;
}

export function validateTimeOff(v: { start_date: string; end_date: string }): Errors {
  return collect([
    ['start_date', v.start_date ? undefined : 'must not be blank'],
    [
      'end_date',
      !v.end_date ? 'must not be blank' : v.end_date < v.start_date ? 'must not be before the first day' : undefined,
    ],
  ]);
}

export function validateEvent(v: {
  project_ref_num: string;
  project_name: string;
  start: string;
  due: string;
  estimated_time: string;
}): Errors {
  const ref = Number(v.project_ref_num);
  const mins = v.estimated_time === '' ? null : Number(v.estimated_time);
  return collect([
    [
      'project_ref_num',
      !(Number.isInteger(ref) && ref > 0)
        ? 'must be a positive whole number'
        : Number.isSafeInteger(ref)
          ? undefined
          : `must be at most ${Number.MAX_SAFE_INTEGER}`,
    ],
    ['project_name', text(v.project_name, 1, 500)],
    ['due_datetime', v.start && v.due && v.due <= v.start ? 'must be after the earliest start' : undefined],
    [
      'estimated_time',
      mins === null || (Number.isInteger(mins) && mins >= 1 && mins <= 1440) ? undefined : 'must be 1 to 1440 minutes',
    ],
  ]);
}
