// Availability: the weekly pattern editor, date availability, manager overrides, and what is in force.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../../api/client';
import { useAuth } from '../../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Notice, SelectField, TextField } from '../../../../ui';
import { addDays, formatDate, todayIn, WEEKDAYS } from '../../../../lib/time';
import { useAction, useLoad } from '../../../../lib/useLoad';
import { validateWeekly, type WindowDraft } from '../../validation';

type Draft = WindowDraft & { key: number };
let keySeq = 1;

export function WeeklyEditor({ id, editable, onChanged }: { id: string; editable: boolean; onChanged: () => void }) {
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/employees/{id}/weekly-availability', { params: { path: { id } } })),
    [id],
  );
  return (
    <section className="card" aria-labelledby="weekly-h">
      <h2 id="weekly-h">Weekly availability</h2>
      <Loaded state={state}>
        {(body) => <WeeklyForm id={id} editable={editable} initial={body.windows} onChanged={onChanged} />}
      </Loaded>
    </section>
  );
}

function WeeklyForm({
  id,
  editable,
  initial,
  onChanged,
}: {
  id: string;
  editable: boolean;
  initial: Schemas['WeeklyWindow'][];
  onChanged: () => void;
}) {
  const [rows, setRows] = useState<Draft[]>(() => initial.map((w) => ({ ...w, key: keySeq++ })));
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const update = (key: number, patch: Partial<Draft>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  async function save() {
    const local = validateWeekly(rows);
    setErrs(local);
    if (Object.keys(local).length) return;
    const out = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/employees/{id}/weekly-availability', {
          params: { path: { id } },
          body: {
            windows: rows.map(({ day_of_week, start_time, end_time, effective_date }) => ({
              day_of_week,
              start_time,
              end_time,
              effective_date: effective_date || null,
            })),
          },
        }),
      ),
    );
    if (out) {
      setRows(out.windows.map((w) => ({ ...w, key: keySeq++ })));
      setSaved(true);
      onChanged();
    }
  }

  return (
    <>
      <p className="muted small">
        {rows.length === 0 ? 'No weekly pattern: available all day, every day.' : 'Days without a window are days off.'}
      </p>
      <div className="week-avail">
        {WEEKDAYS.map((day, dow) => {
          const mine = rows.filter((r) => r.day_of_week === dow);
          return (
            <fieldset key={day} className="day" aria-label={day}>
              <legend>
                <strong>{day}</strong>{' '}
                {mine.length === 0 ? <span className="muted small">{rows.length ? 'off' : 'all day'}</span> : null}
              </legend>
              {mine.map((w) => {
                const i = rows.indexOf(w);
                return (
                  <div key={w.key} className="win">
                    <TextField
                      label={`${day} from`}
                      type="time"
                      value={w.start_time}
                      disabled={!editable}
                      onChange={(e) => update(w.key, { start_time: e.target.value })}
                    />
                    <TextField
                      label="until"
                      type="time"
                      value={w.end_time}
                      disabled={!editable}
                      onChange={(e) => update(w.key, { end_time: e.target.value })}
                    />
                    {editable ? (
                      <button
                        type="button"
                        className="btn small danger"
                        aria-label={`Remove ${day} ${w.start_time}–${w.end_time}`}
                        onClick={() => {
                          setSaved(false);
                          setRows((rs) => rs.filter((r) => r.key !== w.key));
                        }}
                      >
                        Remove
                      </button>
                    ) : null}
                    {errs[String(i)] ? (
                      <small className="field-error" role="alert">
                        {errs[String(i)]}
                      </small>
                    ) : null}
                    {w.effective_date ? <small className="hint">from {formatDate(w.effective_date)}</small> : null}
                  </div>
                );
              })}
              {editable ? (
                <button
                  type="button"
                  className="btn small"
                  onClick={() => {
                    setSaved(false);
                    setRows((rs) => [
                      ...rs,
                      { day_of_week: dow, start_time: '09:00', end_time: '17:00', effective_date: null, key: keySeq++ },
                    ]);
                  }}
                >
                  Add {day} window
                </button>
              ) : null}
            </fieldset>
          );
        })}
      </div>
      <ErrorBox error={act.error ?? errs.windows} />
      {saved ? <Notice>Weekly availability saved.</Notice> : null}
      {editable ? (
        <div className="row" style={{ marginTop: '.75rem' }}>
          <button type="button" className="btn primary" disabled={act.busy} onClick={() => void save()}>
            {act.busy ? 'Saving…' : 'Save weekly availability'}
          </button>
        </div>
      ) : null}
    </>
  );
}

export function DateAvailability({
  id,
  editable,
  onChanged,
}: {
  id: string;
  editable: boolean;
  onChanged: () => void;
}) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 90);
  const state = useLoad(
    () =>
      unwrap(api.GET('/api/v1/employees/{id}/availability/dates', { params: { path: { id }, query: { from, to } } })),
    [id, from, to],
  );
  const [v, setV] = useState({ date: '', available: 'false', start_time: '', end_time: '', reason: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  async function add(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!v.date) local.date = 'must not be blank';
    if (v.available === 'true' && (v.start_time || v.end_time)) {
      if (!v.start_time || !v.end_time) local.end_time = 'give both times, or neither for all day';
      else if (v.end_time <= v.start_time) local.end_time = 'must be after start_time';
    }
    setErrs(local);
    if (Object.keys(local).length) return;
    const ok = await act.run(() =>
      unwrap(
        api.POST('/api/v1/employees/{id}/availability', {
          params: { path: { id } },
          body: {
            date: v.date,
            available: v.available === 'true',
            start_time: v.available === 'true' && v.start_time ? v.start_time : null,
            end_time: v.available === 'true' && v.end_time ? v.end_time : null,
            reason: v.reason || null,
          },
        }),
      ),
    );
    if (ok) {
      setV({ ...v, date: '', reason: '' });
      state.reload();
      onChanged();
    }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <section className="card" aria-labelledby="dates-h">
      <h2 id="dates-h">Date availability (next 90 days)</h2>
      <Loaded
        state={state}
        empty={(rows) => (rows.length ? null : 'No date-specific availability; the weekly pattern applies.')}
      >
        {(rows) => (
          <ul className="plain">
            {(rows as unknown as Schemas['DateAvailabilityBody'][]).map((r) => (
              <li key={r.date}>
                <strong>{formatDate(r.date)}</strong>:{' '}
                {r.available
                  ? r.start_time
                    ? `available ${r.start_time}–${r.end_time}`
                    : 'available all day'
                  : 'unavailable'}{' '}
                {r.reason ? <span className="muted">({r.reason})</span> : null}
                {editable ? (
                  <button
                    type="button"
                    className="btn small danger"
                    style={{ marginLeft: '.5rem' }}
                    onClick={() =>
                      void act.run(async () => {
                        await unwrap(
                          api.DELETE('/api/v1/employees/{id}/availability/{date}', {
                            params: { path: { id, date: r.date } },
                          }),
                        );
                        state.reload();
                        onChanged();
                      })
                    }
                  >
                    Remove
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {editable ? (
        <form onSubmit={add} noValidate aria-label="Set availability for a date">
          <div className="row">
            <TextField
              label="Date"
              type="date"
              value={v.date}
              onChange={(e) => setV({ ...v, date: e.target.value })}
              error={err('date')}
            />
            <SelectField
              label="Availability"
              value={v.available}
              onChange={(e) => setV({ ...v, available: e.target.value })}
            >
              <option value="false">Unavailable</option>
              <option value="true">Available</option>
            </SelectField>
            {v.available === 'true' ? (
              <>
                <TextField
                  label="From (optional)"
                  type="time"
                  value={v.start_time}
                  onChange={(e) => setV({ ...v, start_time: e.target.value })}
                  error={err('start_time')}
                />
                <TextField
                  label="Until (optional)"
                  type="time"
                  value={v.end_time}
                  onChange={(e) => setV({ ...v, end_time: e.target.value })}
                  error={err('end_time')}
                />
              </>
            ) : null}
            <TextField
              label="Reason"
              value={v.reason}
              onChange={(e) => setV({ ...v, reason: e.target.value })}
              error={err('reason')}
            />
            <button className="btn" type="submit" disabled={act.busy}>
              Set for date
            </button>
          </div>
          <ErrorBox error={act.error} />
        </form>
      ) : null}
    </section>
  );
}

/** Whole-day overrides (managers): they outrank what the employee said about that date. */
export function Overrides({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 90);
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/employees/{id}/availability-overrides', { params: { path: { id }, query: { from, to } } }),
      ),
    [id, from, to],
  );
  const [v, setV] = useState({ date: '', available: 'false', reason: '' });
  const act = useAction();
  async function add(e: FormEvent) {
    e.preventDefault();
    if (!v.date) {
      act.setFieldErrors({ date: 'must not be blank' });
      return;
    }
    const ok = await act.run(() =>
      unwrap(
        api.POST('/api/v1/employees/{id}/availability-overrides', {
          params: { path: { id } },
          body: { date: v.date, available: v.available === 'true', reason: v.reason || null },
        }),
      ),
    );
    if (ok) {
      setV({ date: '', available: 'false', reason: '' });
      state.reload();
      onChanged();
    }
  }
  return (
    <section className="card" aria-labelledby="ovr-h">
      <h2 id="ovr-h">Manager overrides (next 90 days)</h2>
      <Loaded state={state} empty={(rows) => (rows.length ? null : 'No overrides.')}>
        {(rows) => (
          <ul className="plain">
            {rows.map((o) => {
              // The answer carries each override's id (needed to remove it) though its schema does not list it.
              const overrideId = (o as { id?: number }).id;
              return (
                <li key={o.date}>
                  <strong>{formatDate(o.date)}</strong>: {o.available ? 'available all day' : 'unavailable'}{' '}
                  {o.reason ? <span className="muted">({o.reason})</span> : null}
                  {overrideId != null ? (
                    <button
                      type="button"
                      className="btn small danger"
                      style={{ marginLeft: '.5rem' }}
                      disabled={act.busy}
                      onClick={() =>
                        void act.run(async () => {
                          await unwrap(
                            api.DELETE('/api/v1/employees/{id}/availability-overrides/{override_id}', {
                              params: { path: { id, override_id: overrideId } },
                            }),
                          );
                          state.reload();
                          onChanged();
                        })
                      }
                    >
                      Remove
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Loaded>
      <form onSubmit={add} noValidate aria-label="Set an override">
        <div className="row">
          <TextField
            label="Override date"
            type="date"
            value={v.date}
            onChange={(e) => setV({ ...v, date: e.target.value })}
            error={act.fieldErrors.date}
          />
          <SelectField label="Override" value={v.available} onChange={(e) => setV({ ...v, available: e.target.value })}>
            <option value="false">Unavailable all day</option>
            <option value="true">Available all day</option>
          </SelectField>
          <TextField
            label="Override reason"
            value={v.reason}
            onChange={(e) => setV({ ...v, reason: e.target.value })}
            error={act.fieldErrors.reason}
          />
          <button className="btn" type="submit" disabled={act.busy}>
            Set override
          </button>
        </div>
        <ErrorBox error={act.error} />
      </form>
    </section>
  );
}

const LAYERS: Record<string, string> = {
  time_off: 'time off',
  override: 'override',
  date_availability: 'date',
  weekly_pattern: 'weekly',
  default_all_day: 'default',
};

export function Resolved({ id, version }: { id: string; version: number }) {
  const { tz } = useAuth();
  const from = todayIn(tz);
  const to = addDays(from, 13);
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/employees/{id}/availability', { params: { path: { id }, query: { from, to } } })),
    [id, from, to, version],
  );
  return (
    <section className="card" aria-labelledby="resolved-h">
      <h2 id="resolved-h">In force, next two weeks</h2>
      <Loaded state={state}>
        {(r) => (
          <ul className="plain">
            {r.days.map((d) => (
              <li key={d.date}>
                <strong>{formatDate(d.date, { year: false })}</strong>{' '}
                {d.available ? (
                  (d.windows as { start_time: string; end_time: string }[])
                    .map((w) => `${w.start_time}–${w.end_time}`)
                    .join(', ') || 'available'
                ) : (
                  <span className="muted">unavailable</span>
                )}{' '}
                <Badge tone="muted">{LAYERS[d.layer] ?? d.layer}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
