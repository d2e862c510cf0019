// Shared lookups used across screens.
import { api, unwrap, type Query, type Schemas } from '../../api/client';

export type Employee = Schemas['EmployeeOut'];
export type EventOut = Schemas['EventOut'];
export type ScheduleOut = Schemas['ScheduleOut'];

/** Every item of a paged list, 200 a page, until the total is reached (at most 49 pages). */
async function allPages<T>(fetchPage: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page < 50; page++) {
    const r = await fetchPage(page);
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) break;
  }
  return out;
}

/** Every employee (the roster is small; pages of 200 until done). */
export async function allEmployees(query: { active?: boolean } = {}): Promise<Employee[]> {
  return allPages((page) =>
    unwrap(api.GET('/api/v1/employees', { params: { query: { ...query, page, per_page: 200, sort: 'name' } } })),
  );
}

/** Every event whose window touches [from, to]. */
export async function eventsBetween(
  from: string,
  to: string,
  extra: { condition?: Query<'list_events'>['condition'] } = {},
): Promise<EventOut[]> {
  return allPages((page) =>
    unwrap(
      api.GET('/api/v1/events', {
        params: { query: { from, to, page, per_page: 200, sort: 'start_datetime', ...extra } },
      }),
    ),
  );
}

/** Approved time off reaching into [from, to]. */
export async function approvedTimeOffBetween(from: string, to: string): Promise<Schemas['TimeOffOut'][]> {
  return allPages((page) =>
    unwrap(api.GET('/api/v1/time-off', { params: { query: { from, to, status: 'approved', page, per_page: 200 } } })),
  );
}

/** Every schedule in [from, to] (local dates). */
export async function schedulesBetween(from: string, to: string, employeeId?: string): Promise<ScheduleOut[]> {
  return allPages((page) =>
    unwrap(
      api.GET('/api/v1/schedules', {
        params: { query: { from, to, page, per_page: 200, sort: 'schedule_datetime', employee_id: employeeId } },
      }),
    ),
  );
}

export async function eventByRef(ref: number): Promise<EventOut | undefined> {
  const r = await unwrap(api.GET('/api/v1/events', { params: { query: { q: String(ref), per_page: 20 } } }));
  return r.items.find((e) => e.project_ref_num === ref);
}

export function nameOf(employees: Employee[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return employees?.find((e) => e.id === id)?.name ?? id;
}
