// Settings (admins): the features' own editors for the settings they own (workforce: the event-type
// rules), then each other typed setting by category.
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useAuth } from '../../../auth/AuthContext';
import { useFeatures } from '../../../lib/feature';
import { isValidTimeZone } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { Checkbox, Loaded, Page, TextArea, TextField } from '../../../ui';

type Setting = Schemas['SettingOut'];

export default function Settings() {
  const features = useFeatures();
  // The settings and the features' editors load together, so the screen appears whole.
  const state = useLoad(async () => {
    const panels = features.flatMap((f) => f.settingPanels ?? []);
    const [list, ...editors] = await Promise.all([
      unwrap(api.GET('/api/v1/settings', { params: { query: { per_page: 200, sort: 'key' } } })),
      ...panels.map((p) => p.load()),
    ]);
    return { ...list, panels: panels.map((p, i) => ({ key: p.key, Editor: editors[i].default })) };
  }, [features]);
  return (
    <Page title="Settings">
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No settings.')}>
        {(d) => {
          const owned = new Set(d.panels.map((p) => p.key));
          const rest = d.items.filter((s) => !owned.has(s.key));
          const groups = [...new Set(rest.map((s) => s.category ?? 'Other'))];
          return (
            <>
              {d.panels.map(({ key, Editor }) => (
                <Editor key={key} setting={d.items.find((s) => s.key === key)} />
              ))}
              {groups.map((g) => (
                <section key={g} className="card" aria-labelledby={`g-${g}`}>
                  <h2 id={`g-${g}`}>{g}</h2>
                  {rest
                    .filter((s) => (s.category ?? 'Other') === g)
                    .map((s) => (
                      <SettingRow key={s.key} s={s} />
                    ))}
                </section>
              ))}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

function SettingRow({ s }: { s: Setting }) {
  const { setTz } = useAuth();
  const initial = s.encrypted
    ? ''
    : s.data_type === 'json'
      ? JSON.stringify(s.value, null, 2)
      : s.value == null
        ? ''
        : String(s.value);
  const [text, setText] = useState(initial);
  const [bool, setBool] = useState((s.value as unknown) === true);
  const [local, setLocal] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const act = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    let value: unknown = text;
    let problem: string | undefined;
    if (s.data_type === 'bool') value = bool;
    else if (s.data_type === 'int') {
      value = text === '' ? null : Number(text);
      if (text !== '' && !Number.isInteger(value)) problem = 'must be a whole number';
    } else if (s.data_type === 'json') {
      try {
        value = JSON.parse(text);
      } catch (err) {
        problem = `is not valid JSON: ${(err as Error).message}`;
      }
    } else if (s.key === 'timezone' && !isValidTimeZone(text))
      problem = `"${text}" is not an IANA time zone name such as America/Chicago`;
    setLocal(problem);
    if (problem) return;
    const out = await act.run(() =>
      unwrap(
        api.PUT('/api/v1/settings/{key}', {
          params: { path: { key: s.key } },
          body: { value: value as Record<string, never> },
        }),
      ),
    );
    if (out) {
      setSaved(true);
      if (s.key === 'timezone' && typeof out.value === 'string') setTz(out.value);
      if (s.encrypted) setText('');
    }
  }
  const label = `${s.key}${s.description ? ` — ${s.description}` : ''}`;
  const error = local ?? act.fieldErrors.value ?? act.error ?? undefined;
  return (
    <form
      onSubmit={submit}
      className="row"
      style={{ borderBottom: '1px solid var(--line)', paddingBottom: '.5rem', marginBottom: '.5rem' }}
      aria-label={s.key}
      noValidate
    >
      {s.data_type === 'bool' ? (
        <div style={{ flex: '1 1 300px' }}>
          <Checkbox label={label} checked={bool} onChange={(e) => setBool(e.target.checked)} />
          {error ? <small className="field-error">{error}</small> : null}
        </div>
      ) : s.data_type === 'json' ? (
        <div style={{ flex: '1 1 300px' }}>
          <TextArea label={label} value={text} onChange={(e) => setText(e.target.value)} error={error} />
        </div>
      ) : (
        <div style={{ flex: '1 1 300px' }}>
          <TextField
            label={label}
            type={s.encrypted ? 'password' : s.data_type === 'int' ? 'number' : 'text'}
            value={text}
            placeholder={s.encrypted ? (s.is_set ? 'set (enter a new value to replace)' : 'not set') : undefined}
            onChange={(e) => setText(e.target.value)}
            error={error}
            autoComplete="off"
          />
        </div>
      )}
      <button type="submit" className="btn" disabled={act.busy}>
        Save
      </button>
      {saved ? (
        <span className="verdict-ok" role="status">
          Saved
        </span>
      ) : null}
    </form>
  );
}
