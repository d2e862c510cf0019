// Rotations calendar: who holds each rotation on each day of a month; assign, remove, generate.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { Checkbox, ErrorBox, Loaded, Notice, Page, SelectField, TextField } from '../../../ui';
import { allEmployees, nameOf, type Employee } from '../data';
import { addDays, dateRange, formatDate, todayIn, weekStart, WEEKDAYS } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';

const TYPES = ['juicer', 'primary_lead'];

export default function Rotations() {
  const { tz, can } = useAuth();
  const [month, setMonth] = useState(todayIn(tz).slice(0, 7));
  const first = `${month}-01`;
  const last = addDays(`${nextMonth(month)}-01`, -1);
  const gridFrom = weekStart(first);
  const gridTo = addDays(weekStart(last), 6);
  const state = useLoad(async () => {
    const [rot, employees] = await Promise.all([
      unwrap(
        api.GET('/api/v1/rotations', {
          params: { query: { from: gridFrom, to: gridTo, per_page: 200, sort: 'date' } },
        }),
      ),
      allEmployees({ active: true }),
    ]);
    return { items: rot.items, employees };
  }, [gridFrom, gridTo]);
  const label = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${first}T00:00:00Z`),
  );
  return (
    <Page
      title="Rotations"
      actions={
        <div className="row">
          <button
            type="button"
            className="btn small"
            onClick={() => setMonth(prevMonth(month))}
            aria-label="Previous month"
          >
            ←
          </button>
          <strong aria-live="polite">{label}</strong>
          <button
            type="button"
            className="btn small"
            onClick={() => setMonth(nextMonth(month))}
            aria-label="Next month"
          >
            →
          </button>
        </div>
      }
    >
      <Loaded state={state}>
        {(d) => (
          <>
            <div className="cal" aria-label={`Rotations in ${label}`} role="group">
              {WEEKDAYS.map((w) => (
                <div key={w} className="dow" aria-hidden="true">
                  {w.slice(0, 3)}
                </div>
              ))}
              {dateRange(gridFrom, gridTo).map((day) => {
                const here = d.items.filter((r) => r.date === day);
                return (
                  <div key={day} className={`day${day.slice(0, 7) !== month ? ' out' : ''}`}>
                    <span className="n">
                      <span className="sr-only">{formatDate(day)}</span>
                      <span aria-hidden="true">{Number(day.slice(8))}</span>
                    </span>
                    {here.length === 0 ? <span className="sr-only">: no rotations</span> : null}
                    {here.map((r) => (
                      <span
                        key={r.id}
                        className={`rot ${r.rotation_type}`}
                        title={`${r.rotation_type}: ${nameOf(d.employees, r.employee_id)}`}
                      >
                        <span aria-hidden="true">
                          {r.rotation_type === 'juicer' ? 'J' : 'L'}: {nameOf(d.employees, r.employee_id).split(' ')[0]}
                        </span>
                        <span className="sr-only">
                          {r.rotation_type.replace('_', ' ')}: {nameOf(d.employees, r.employee_id)}
                        </span>
                      </span>
                    ))}
                  </div>
                );
              })}
            </div>
            <p className="muted small">J = juicer, L = primary lead.</p>
            {can('manager') ? (
              <div className="grid">
                <Assign employees={d.employees} onDone={state.reload} items={d.items} />
                <Generate employees={d.employees} onDone={state.reload} />
              </div>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}
function prevMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
}

function Assign({
  employees,
  items,
  onDone,
}: {
  employees: Employee[];
  items: { id: number; date: string; rotation_type: string }[];
  onDone: () => void;
}) {
  const [v, setV] = useState({ date: '', rotation_type: 'juicer', employee_id: employees[0]?.id ?? '' });
  const act = useAction();
  const existing = items.find((r) => r.date === v.date && r.rotation_type === v.rotation_type);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!v.date) {
      act.setFieldErrors({ date: 'must not be blank' });
      return;
    }
    const ok = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/rotations', {
          body: { ...v, rotation_type: v.rotation_type as Schemas['RotationIn']['rotation_type'] },
        }),
      ),
    );
    if (ok) onDone();
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="assign-h">
      <h2 id="assign-h">Assign a day</h2>
      <TextField
        label="Date"
        type="date"
        value={v.date}
        onChange={(e) => setV({ ...v, date: e.target.value })}
        error={act.fieldErrors.date}
      />
      <SelectField
        label="Rotation"
        value={v.rotation_type}
        onChange={(e) => setV({ ...v, rotation_type: e.target.value })}
      >
        {TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      <SelectField
        label="Employee"
        value={v.employee_id}
        onChange={(e) => setV({ ...v, employee_id: e.target.value })}
        error={act.fieldErrors.employee_id}
      >
        {employees.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </SelectField>
      <ErrorBox error={act.error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={act.busy}>
          Assign
        </button>
        {existing ? (
          <button
            type="button"
            className="btn danger"
            disabled={act.busy}
            onClick={() =>
              void act.run(async () => {
                await unwrap(api.DELETE('/api/v1/rotations/{id}', { params: { path: { id: existing.id } } }));
                onDone();
              })
            }
          >
            Remove {existing.rotation_type} on {existing.date}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function Generate({ employees, onDone }: { employees: Employee[]; onDone: () => void }) {
  const [v, setV] = useState({ from: '', to: '', rotation_type: 'juicer', overwrite: false });
  const [pattern, setPattern] = useState<string[]>(() => WEEKDAYS.map(() => ''));
  const [result, setResult] = useState<string | null>(null);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const local: Record<string, string> = {};
    if (!v.from) local.from = 'must not be blank';
    if (!v.to) local.to = 'must not be blank';
    else if (v.to < v.from) local.to = 'must not be before from';
    if (Object.keys(local).length) {
      act.setFieldErrors(local);
      return;
    }
    const body = {
      ...v,
      rotation_type: v.rotation_type as Schemas['GenerateIn']['rotation_type'],
      pattern: Object.fromEntries(pattern.map((id, i) => [String(i), id]).filter(([, id]) => id)),
    };
    const r = await act.run(() => unwrap(api.POST('/api/v1/rotations/generate', { body })));
    if (r) {
      setResult(`${r.created} created, ${r.replaced} replaced, ${r.kept} kept.`);
      onDone();
    }
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="gen-h">
      <h2 id="gen-h">Fill from a weekly pattern</h2>
      <div className="row">
        <TextField
          label="From"
          type="date"
          value={v.from}
          onChange={(e) => setV({ ...v, from: e.target.value })}
          error={act.fieldErrors.from}
        />
        <TextField
          label="To"
          type="date"
          value={v.to}
          onChange={(e) => setV({ ...v, to: e.target.value })}
          error={act.fieldErrors.to}
        />
      </div>
      <SelectField
        label="Rotation"
        value={v.rotation_type}
        onChange={(e) => setV({ ...v, rotation_type: e.target.value })}
      >
        {TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      {WEEKDAYS.map((w, i) => (
        <SelectField
          key={w}
          label={w}
          value={pattern[i]}
          onChange={(e) => setPattern(pattern.map((p, j) => (j === i ? e.target.value : p)))}
        >
          <option value="">Nobody</option>
          {employees.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </SelectField>
      ))}
      <Checkbox
        label="Replace days already set"
        checked={v.overwrite}
        onChange={(e) => setV({ ...v, overwrite: e.target.checked })}
      />
      <ErrorBox error={act.error} />
      {result ? <Notice>{result}</Notice> : null}
      <button className="btn primary" type="submit" disabled={act.busy}>
        {act.busy ? 'Generating…' : 'Generate'}
      </button>
    </form>
  );
}
