// The event-type rules editor on the settings screen (the setting `event_type_rules`): per type, who
// may take it, when it may start, how long it lasts, a daily cap and a rotation.
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAction } from '../../../lib/useLoad';
import { ErrorBox, Notice } from '../../../ui';
import {
  DEFAULT_RULES,
  parseRules,
  serializeRules,
  validateRules,
  type EventTypeRule,
  type EventTypeRules,
} from '../eventRules';

interface Row {
  name: string;
  rule: EventTypeRule;
  skills: string;
  times: string;
}

function toRows(rules: EventTypeRules): Row[] {
  return Object.entries(rules).map(([name, rule]) => ({
    name,
    rule,
    skills: rule.skills_any.join(', '),
    times: rule.start_times.join(', '),
  }));
}

export default function RulesEditor({ setting }: { setting: Schemas['SettingOut'] | undefined }) {
  const [rows, setRows] = useState<Row[]>(() => toRows(parseRules(setting?.value) ?? DEFAULT_RULES));
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const act = useAction();
  const update = (i: number, patch: Partial<Row> | ((r: Row) => Partial<Row>)) => {
    setSaved(false);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...(typeof patch === 'function' ? patch(r) : patch) } : r)));
  };
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);

  async function save() {
    const rules: EventTypeRules = {};
    const local: Record<string, string> = {};
    rows.forEach((r, i) => {
      if (!r.name.trim()) local[String(i)] = 'an event type needs a name';
      else if (rules[r.name.trim()]) local[String(i)] = `${r.name} appears twice`;
      rules[r.name.trim() || `#${i}`] = { ...r.rule, skills_any: list(r.skills), start_times: list(r.times) };
    });
    const v = validateRules(rules);
    rows.forEach((r, i) => {
      if (v[r.name.trim()]) local[String(i)] = v[r.name.trim()];
    });
    setErrs(local);
    if (Object.keys(local).length) return;
    const out = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/settings/{key}', {
          params: { path: { key: 'event_type_rules' } },
          body: { value: serializeRules(rules) as Record<string, never> },
        }),
      ),
    );
    if (out) {
      setSaved(true);
      setRows(toRows(parseRules(out.value) ?? rules));
    }
  }

  return (
    <section className="card" aria-labelledby="rules-h">
      <h2 id="rules-h">Event types and their rules</h2>
      <p className="muted small">
        Who may take each type (any of the skills; empty means anyone), when it may start, how long it lasts when an
        event has no estimate, an optional daily cap per employee, and an optional rotation the employee must hold that
        day.
      </p>
      <div className="table-wrap">
        <table className="cards">
          <thead>
            <tr>
              <th>Type</th>
              <th>Skills (any)</th>
              <th>Start times</th>
              <th>Minutes</th>
              <th>Max a day</th>
              <th>Rotation</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td data-label="Type">
                  <input aria-label="Type name" value={r.name} onChange={(e) => update(i, { name: e.target.value })} />
                  {errs[String(i)] ? (
                    <div className="field-error small" role="alert">
                      {errs[String(i)]}
                    </div>
                  ) : null}
                </td>
                <td data-label="Skills">
                  <input
                    aria-label={`${r.name} skills`}
                    value={r.skills}
                    onChange={(e) => update(i, { skills: e.target.value })}
                  />
                </td>
                <td data-label="Start times">
                  <input
                    aria-label={`${r.name} start times`}
                    value={r.times}
                    onChange={(e) => update(i, { times: e.target.value })}
                    placeholder="10:15, 10:45"
                  />
                </td>
                <td data-label="Minutes">
                  <input
                    aria-label={`${r.name} default minutes`}
                    type="number"
                    min={1}
                    max={1440}
                    value={r.rule.default_minutes}
                    onChange={(e) =>
                      update(i, (x) => ({ rule: { ...x.rule, default_minutes: Number(e.target.value) } }))
                    }
                    style={{ width: '6rem' }}
                  />
                </td>
                <td data-label="Max a day">
                  <input
                    aria-label={`${r.name} max per employee per day`}
                    type="number"
                    min={1}
                    value={r.rule.max_per_employee_per_day ?? ''}
                    onChange={(e) =>
                      update(i, (x) => ({
                        rule: {
                          ...x.rule,
                          max_per_employee_per_day: e.target.value === '' ? null : Number(e.target.value),
                        },
                      }))
                    }
                    style={{ width: '5rem' }}
                  />
                </td>
                <td data-label="Rotation">
                  <select
                    aria-label={`${r.name} rotation`}
                    value={r.rule.rotation ?? ''}
                    onChange={(e) => update(i, (x) => ({ rule: { ...x.rule, rotation: e.target.value || null } }))}
                  >
                    <option value="">none</option>
                    <option value="juicer">juicer</option>
                    <option value="primary_lead">primary_lead</option>
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={`Remove ${r.name}`}
                    onClick={() => {
                      setSaved(false);
                      setRows(rows.filter((_, j) => j !== i));
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorBox error={act.fieldErrors.value ?? act.error} />
      {saved ? <Notice>Event-type rules saved; the next check and run use them.</Notice> : null}
      <div className="row" style={{ marginTop: '.75rem' }}>
        <button
          type="button"
          className="btn"
          onClick={() =>
            setRows([
              ...rows,
              { name: '', rule: { skills_any: [], start_times: [], default_minutes: 60 }, skills: '', times: '' },
            ])
          }
        >
          Add event type
        </button>
        <button type="button" className="btn primary" disabled={act.busy} onClick={() => void save()}>
          {act.busy ? 'Saving…' : 'Save rules'}
        </button>
      </div>
    </section>
  );
}
