// Small building blocks: page frame, states (loading, empty, error), labelled fields, badges.
import {
  useId,
  type ReactNode,
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function ErrorBox({ error, onRetry }: { error: string | null | undefined; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert">
      <span>{error}</span>
      {onRetry ? (
        <button type="button" className="btn small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Notice({ children, kind = 'ok' }: { children: ReactNode; kind?: 'ok' | 'warn' }) {
  return (
    <div className={`notice ${kind}`} role="status">
      {children}
    </div>
  );
}

/** Shows loading, error or empty states, else the content. */
export function Loaded<T>({
  state,
  empty,
  children,
}: {
  state: { data: T | undefined; error: string | null; loading: boolean; reload: () => void };
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  const e = empty?.(state.data);
  return (
    <>
      {state.loading ? (
        <div className="refreshing" role="status">
          Refreshing…
        </div>
      ) : null}
      {e ? <Empty>{e}</Empty> : children(state.data)}
    </>
  );
}

type FieldProps = { label: string; error?: string; hint?: string };

export function TextField({ label, error, hint, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={!!error} aria-describedby={error || hint ? `${id}-msg` : undefined} {...rest} />
      {error || hint ? (
        <small id={`${id}-msg`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </small>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={!!error} aria-describedby={error || hint ? `${id}-msg` : undefined} {...rest}>
        {children}
      </select>
      {error || hint ? (
        <small id={`${id}-msg`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </small>
      ) : null}
    </div>
  );
}

export function TextArea({ label, error, hint, ...rest }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={!!error} aria-describedby={error || hint ? `${id}-msg` : undefined} {...rest} />
      {error || hint ? (
        <small id={`${id}-msg`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </small>
      ) : null}
    </div>
  );
}

export function Checkbox({ label, ...rest }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" {...rest} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

const TONES: Record<string, string> = {
  Unstaffed: 'warn',
  Scheduled: 'ok',
  Submitted: 'info',
  Paused: 'muted',
  Reissued: 'info',
  pending: 'warn',
  approved: 'ok',
  denied: 'bad',
  running: 'info',
  completed: 'ok',
  failed: 'bad',
  critical: 'bad',
  error: 'bad',
  warning: 'warn',
  info: 'info',
  present: 'ok',
  absent: 'bad',
  excused: 'muted',
};

export function Badge({ children, tone }: { children: ReactNode; tone?: string }) {
  const t = tone ?? (typeof children === 'string' ? TONES[children] : undefined) ?? 'muted';
  return <span className={`badge ${t}`}>{children}</span>;
}

export function Pager({
  page,
  perPage,
  total,
  onPage,
}: {
  page: number;
  perPage: number;
  total: number;
  onPage: (p: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return <p className="muted small">{total} in all</p>;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="btn small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} in all
      </span>
      <button type="button" className="btn small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function Confidence({ value }: { value: number | null | undefined }) {
  if (value == null) return <span className="muted">—</span>;
  const pct = Math.round(value * 100);
  const tone = value >= 0.75 ? 'ok' : value >= 0.4 ? 'warn' : 'bad';
  return (
    <span className="confidence">
      <meter min={0} max={1} low={0.4} high={0.75} optimum={1} value={value} aria-label={`Confidence ${pct}%`} />
      <Badge tone={tone}>{pct}%</Badge>
    </span>
  );
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value == null ? undefined : Math.round(value * 100)}
    >
      <div
        className={`progress-fill${value == null ? ' indeterminate' : ''}`}
        style={value == null ? undefined : { width: `${Math.round(value * 100)}%` }}
      />
    </div>
  );
}
