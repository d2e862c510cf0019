// Errors as people read them: the server's problem+json `detail`, field errors and broken rules.
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export interface Violation {
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem> | null;
  constructor(status: number, problem: Partial<Problem> | null, fallback?: string) {
    super(problemText(status, problem, fallback));
    this.status = status;
    this.problem = problem;
  }
  get fieldErrors(): Record<string, string> {
    return fieldErrorMap(this.problem);
  }
  get violations(): Violation[] {
    return toViolations(this.problem?.violations);
  }
}

export function problemText(status: number, problem: Partial<Problem> | null, fallback?: string): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  if (status === 0) return 'The server could not be reached. Check the connection and try again.';
  if (status === 401) return 'Your session has ended. Please sign in again.';
  if (status === 403) return 'Your role does not allow this.';
  if (status === 404) return 'Not found.';
  return fallback ?? `The server answered ${status}.`;
}

export function fieldErrorMap(problem: Partial<Problem> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const key = e.field.replace(/^body\./, '').replace(/\[\d+\]$/, '');
    out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message;
  }
  return out;
}

export function toViolations(raw: unknown): Violation[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object')
    .map((v) => ({ code: String(v.code ?? ''), message: String(v.message ?? v.code ?? '') }));
}

/** A readable message for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'The server could not be reached. Check the connection and try again.';
  if (err instanceof Error) return err.message;
  return String(err);
}
