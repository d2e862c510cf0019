// The daily audit's findings in words: their kinds, the open/resolved filter, and where a subject is seen.

// The daily audit's finding kinds.
export const FINDING_KINDS: [string, string][] = [
  ['audit.unstaffed_event', 'Unstaffed event'],
  ['audit.schedule_rule_broken', 'Schedule breaks a rule'],
  ['audit.rotation_gap', 'Rotation gap'],
  ['audit.attendance_missing', 'Attendance missing'],
];

export function findingKindLabel(kind: string): string {
  return FINDING_KINDS.find(([k]) => k === kind)?.[1] ?? kind;
}

/** The findings filter from the URL ("" = open by default, "resolved", "all") as the API's `open`. */
export function openParam(state: string): boolean | undefined {
  if (state === 'all') return undefined;
  if (state === 'resolved') return false;
  return true;
}

/** Where a finding's subject ("event:606034", "schedule:12", "rotation:juicer:2026-11-24") is seen in the app. */
export function subjectLinks(subject: string, details: unknown): { to: string; label: string }[] {
  const d = details && typeof details === 'object' ? (details as Record<string, unknown>) : {};
  const out: { to: string; label: string }[] = [];
  const [kind, rest = ''] = subject.split(/:(.*)/s);
  if (kind === 'event' && rest) out.push({ to: `/events?q=${encodeURIComponent(rest)}`, label: `Event ${rest}` });
  if (kind === 'rotation') out.push({ to: '/rotations', label: 'Rotations' });
  if (typeof d.employee_id === 'string' && d.employee_id)
    out.push({ to: `/employees/${encodeURIComponent(d.employee_id)}`, label: `Employee ${d.employee_id}` });
  return out;
}
