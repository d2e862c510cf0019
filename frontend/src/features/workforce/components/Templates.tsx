// Paperwork templates: the checklists printed after each day's schedule (managers edit them).
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { ApiError, type Problem } from '../../../api/problem';
import { Badge, Checkbox, ErrorBox, Loaded, SelectField, TextArea, TextField } from '../../../ui';
import { useAction, useLoad } from '../../../lib/useLoad';
import { text } from '../../../lib/validation';

type Template = Schemas['TemplateOut'];
const TYPES = ['daily', 'event_specific', 'summary'];

function itemsOf(t: Template | null): string {
  const items = (t?.template_data as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.map(String).join('\n') : '';
}

export function Templates({ editable }: { editable: boolean }) {
  const state = useLoad(
    () => unwrap(api.GET('/api/v1/paperwork-templates', { params: { query: { per_page: 100, sort: 'name' } } })),
    [],
  );
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  return (
    <section className="card" aria-labelledby="tpl-h">
      <h2 id="tpl-h">Paperwork checklists</h2>
      <p className="muted small">Active daily checklists are printed after the day's schedule in the daily PDF.</p>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No templates yet.')}>
        {(d) => (
          <ul className="plain">
            {d.items.map((t) => (
              <li key={t.id}>
                <strong>{t.name}</strong> <Badge tone="muted">{t.template_type}</Badge>{' '}
                {t.active ? <Badge tone="ok">active</Badge> : <Badge tone="muted">inactive</Badge>}
                {t.description ? <div className="muted small">{t.description}</div> : null}
                <div className="small">{itemsOf(t).split('\n').filter(Boolean).length} items</div>
                {editable ? (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setEditing(t)}
                    aria-label={`Edit ${t.name}`}
                  >
                    Edit
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {editable && editing === null ? (
        <button type="button" className="btn" onClick={() => setEditing('new')}>
          New checklist
        </button>
      ) : null}
      {editing ? (
        <TemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            state.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

function TemplateForm({
  initial,
  onDone,
  onCancel,
}: {
  initial: Template | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState({
    name: initial?.name ?? '',
    template_type: initial?.template_type ?? 'daily',
    description: initial?.description ?? '',
    items: itemsOf(initial),
    active: initial?.active ?? true,
  });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const items = v.items
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const local: Record<string, string> = {};
    const n = text(v.name, 1, 200);
    if (n) local.name = n;
    if (items.length > 200 || items.some((i) => i.length > 500))
      local.template_data = 'at most 200 lines of at most 500 characters';
    setErrs(local);
    if (Object.keys(local).length) return;
    const body = {
      name: v.name.trim(),
      template_type: v.template_type as Schemas['TemplateIn']['template_type'],
      description: v.description || null,
      active: v.active,
      template_data: { items },
    };
    const ok = await act.run(() =>
      unwrap(
        initial
          ? api.PATCH('/api/v1/paperwork-templates/{id}', { params: { path: { id: initial.id } }, body })
          : api.POST('/api/v1/paperwork-templates', { body }),
      ),
    );
    if (ok) onDone();
  }
  async function remove() {
    if (!initial || !window.confirm(`Delete the checklist "${initial.name}"?`)) return;
    const ok = await act.run(async () => {
      const r = await api.DELETE('/api/v1/paperwork-templates/{id}', { params: { path: { id: initial.id } } });
      if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
      return true;
    });
    if (ok) onDone();
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={initial ? `Edit ${initial.name}` : 'New checklist'}
      style={{ marginTop: '.75rem' }}
    >
      <div className="row">
        <TextField
          label="Checklist name"
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.target.value })}
          error={err('name')}
        />
        <SelectField
          label="Kind"
          value={v.template_type}
          onChange={(e) => setV({ ...v, template_type: e.target.value })}
          error={err('template_type')}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t.replace('_', ' ')}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label="Description"
        value={v.description}
        onChange={(e) => setV({ ...v, description: e.target.value })}
        error={err('description')}
      />
      <TextArea
        label="Lines (one per line)"
        value={v.items}
        onChange={(e) => setV({ ...v, items: e.target.value })}
        error={err('template_data')}
        rows={6}
      />
      <Checkbox
        label="Active (printed in the daily PDF)"
        checked={v.active}
        onChange={(e) => setV({ ...v, active: e.target.checked })}
      />
      <ErrorBox error={act.error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Saving…' : 'Save checklist'}
        </button>
        <button className="btn" type="button" onClick={onCancel}>
          Cancel
        </button>
        {initial ? (
          <button className="btn danger" type="button" disabled={act.busy} onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
      </div>
    </form>
  );
}
