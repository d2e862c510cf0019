// An event's scheduling override: who must or must not take it, and a preferred start time.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../../api/client';
import { ApiError, type Problem } from '../../../../api/problem';
import { Checkbox, ErrorBox, Loaded, Notice, SelectField, TextField } from '../../../../ui';
import type { Employee } from '../../data';
import { useAction, useLoad } from '../../../../lib/useLoad';

/** The event's scheduling override: who must or must not take it, and a preferred start time. */
export function OverrideCard({
  ev,
  employees,
  editable,
}: {
  ev: Schemas['EventOut'];
  employees: Employee[];
  editable: boolean;
}) {
  const state = useLoad(async () => {
    const r = await api.GET('/api/v1/events/{id}/scheduling-override', { params: { path: { id: ev.id } } });
    if (r.response.status === 404) return null;
    if (!r.data) throw new ApiError(r.response.status, null);
    return r.data;
  }, [ev.id]);
  return (
    <section className="card" aria-labelledby="ovr-h">
      <h2 id="ovr-h">Scheduling override</h2>
      <Loaded state={state}>
        {(o) => (
          <OverrideForm
            key={JSON.stringify(o)}
            ev={ev}
            initial={o}
            employees={employees}
            editable={editable}
            onSaved={state.reload}
          />
        )}
      </Loaded>
    </section>
  );
}

function OverrideForm({
  ev,
  initial,
  employees,
  editable,
  onSaved,
}: {
  ev: Schemas['EventOut'];
  initial: Schemas['SchedulingOverride'] | null;
  employees: Employee[];
  editable: boolean;
  onSaved: () => void;
}) {
  const [required, setRequired] = useState(initial?.required_employee_id ?? '');
  const [excluded, setExcluded] = useState<string[]>(initial?.excluded_employee_ids ?? []);
  const [preferred, setPreferred] = useState(initial?.preferred_time ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [saved, setSaved] = useState(false);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (preferred && !/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(preferred)) {
      act.setFieldErrors({ preferred_time: 'must be a time written HH:MM' });
      return;
    }
    if (required && excluded.includes(required)) {
      act.setFieldErrors({ excluded_employee_ids: 'the required employee cannot also be excluded' });
      return;
    }
    const ok = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/events/{id}/scheduling-override', {
          params: { path: { id: ev.id } },
          body: {
            required_employee_id: required || null,
            excluded_employee_ids: excluded,
            preferred_time: preferred || null,
            notes: notes || null,
          },
        }),
      ),
    );
    if (ok) {
      setSaved(true);
      onSaved();
    }
  }
  async function clear() {
    const ok = await act.run(async () => {
      const r = await api.DELETE('/api/v1/events/{id}/scheduling-override', { params: { path: { id: ev.id } } });
      if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
      return true;
    });
    if (ok) onSaved();
  }
  if (!editable && !initial) return <p className="muted">None: the usual rules decide who may take it.</p>;
  return (
    <form onSubmit={submit} noValidate aria-label="Scheduling override">
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="row">
          <SelectField
            label="Only this employee may take it"
            value={required}
            onChange={(e) => setRequired(e.target.value)}
            error={act.fieldErrors.required_employee_id}
          >
            <option value="">Anyone allowed by the rules</option>
            {employees.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Preferred start (HH:MM)"
            value={preferred}
            onChange={(e) => setPreferred(e.target.value)}
            error={act.fieldErrors.preferred_time}
            placeholder="10:15"
          />
          <TextField
            label="Notes"
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            error={act.fieldErrors.notes}
          />
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend className="small">
            <strong>These employees may not take it</strong>
          </legend>
          <div className="row">
            {employees.map((x) => (
              <Checkbox
                key={x.id}
                label={x.name}
                checked={excluded.includes(x.id)}
                onChange={(e) =>
                  setExcluded(e.target.checked ? [...excluded, x.id] : excluded.filter((i) => i !== x.id))
                }
              />
            ))}
          </div>
          {act.fieldErrors.excluded_employee_ids ? (
            <small className="field-error">{act.fieldErrors.excluded_employee_ids}</small>
          ) : null}
        </fieldset>
      </fieldset>
      <ErrorBox error={act.error} />
      {saved ? <Notice>Override saved; the checker and the auto-scheduler follow it.</Notice> : null}
      {editable ? (
        <div className="row">
          <button className="btn" type="submit" disabled={act.busy}>
            Save override
          </button>
          {initial ? (
            <button className="btn danger" type="button" disabled={act.busy} onClick={() => void clear()}>
              Remove override
            </button>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
