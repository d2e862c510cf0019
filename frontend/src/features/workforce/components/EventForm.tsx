// Creating or editing one event; its times are entered in the business time zone.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorBox, SelectField, TextField } from '../../../ui';
import { localDate, localTime, zonedToUtc } from '../../../lib/time';
import { useAction } from '../../../lib/useLoad';
import { validateEvent } from '../validation';

const TYPES = ['Core', 'Juicer', 'Setup', 'Demo', 'Other'];
type Ev = Schemas['EventOut'];

export function EventForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Ev | null;
  onSaved: (e: Ev) => void;
  onCancel: () => void;
}) {
  const { tz } = useAuth();
  const [v, setV] = useState({
    project_ref_num: initial ? String(initial.project_ref_num) : '',
    project_name: initial?.project_name ?? '',
    event_type: initial?.event_type ?? 'Core',
    store_number: initial?.store_number != null ? String(initial.store_number) : '',
    store_name: initial?.store_name ?? '',
    start_date: initial ? localDate(initial.start_datetime, tz) : '',
    start_time: initial ? localTime(initial.start_datetime, tz) : '00:00',
    due_date: initial ? localDate(initial.due_datetime, tz) : '',
    due_time: initial ? localTime(initial.due_datetime, tz) : '23:59',
    estimated_time: initial?.estimated_time != null ? String(initial.estimated_time) : '',
  });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const start = v.start_date ? `${v.start_date}T${v.start_time}` : '';
    const due = v.due_date ? `${v.due_date}T${v.due_time}` : '';
    const local = validateEvent({
      project_ref_num: v.project_ref_num,
      project_name: v.project_name,
      start,
      due,
      estimated_time: v.estimated_time,
    });
    if (!v.start_date) local.start_datetime = 'must not be blank';
    if (!v.due_date) local.due_datetime = 'must not be blank';
    if (v.store_number && !(/^\d+$/.test(v.store_number) && Number(v.store_number) <= 2147483647))
      local.store_number = 'must be a whole number up to 2147483647';
    setErrs(local);
    if (Object.keys(local).length) return;
    const body = {
      project_ref_num: Number(v.project_ref_num),
      project_name: v.project_name.trim(),
      event_type: v.event_type,
      store_number: v.store_number ? Number(v.store_number) : null,
      store_name: v.store_name.trim() || null,
      start_datetime: zonedToUtc(v.start_date, v.start_time, tz),
      due_datetime: zonedToUtc(v.due_date, v.due_time, tz),
      estimated_time: v.estimated_time === '' ? null : Number(v.estimated_time),
    };
    const out = await act.run(() =>
      unwrap(
        initial
          ? api.PATCH('/api/v1/events/{id}', { params: { path: { id: initial.id } }, body })
          : api.POST('/api/v1/events', { body }),
      ),
    );
    if (out) onSaved(out);
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="evf-h">
      <h2 id="evf-h">{initial ? 'Edit event' : 'New event'}</h2>
      <div className="row">
        <TextField
          label="Reference number"
          inputMode="numeric"
          value={v.project_ref_num}
          onChange={set('project_ref_num')}
          error={err('project_ref_num')}
        />
        <TextField
          label="Project name"
          value={v.project_name}
          onChange={set('project_name')}
          error={err('project_name')}
        />
        <SelectField label="Event type" value={v.event_type} onChange={set('event_type')} error={err('event_type')}>
          {[...new Set([...TYPES, v.event_type])].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </SelectField>
      </div>
      <div className="row">
        <TextField
          label="Store number"
          inputMode="numeric"
          value={v.store_number}
          onChange={set('store_number')}
          error={err('store_number')}
        />
        <TextField label="Store name" value={v.store_name} onChange={set('store_name')} error={err('store_name')} />
        <TextField
          label="Minutes (empty: type default)"
          inputMode="numeric"
          value={v.estimated_time}
          onChange={set('estimated_time')}
          error={err('estimated_time')}
        />
      </div>
      <div className="row">
        <TextField
          label="Earliest start date"
          type="date"
          value={v.start_date}
          onChange={set('start_date')}
          error={err('start_datetime')}
        />
        <TextField label="Earliest start time" type="time" value={v.start_time} onChange={set('start_time')} />
        <TextField
          label="Due date"
          type="date"
          value={v.due_date}
          onChange={set('due_date')}
          error={err('due_datetime')}
        />
        <TextField label="Due time" type="time" value={v.due_time} onChange={set('due_time')} />
      </div>
      <ErrorBox error={act.error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Saving…' : initial ? 'Save event' : 'Create event'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
