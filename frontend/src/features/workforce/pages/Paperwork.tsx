// Paperwork (the daily PDF to print or download) and exports (CSV, XLSX, iCalendar, calendar feeds).
import { useState } from 'react';
import { api } from '../../../api/client';
import { ApiError, type Problem } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorBox, Loaded, Notice, Page, ProgressBar, SelectField, TextField } from '../../../ui';
import { allEmployees } from '../data';
import { openBlob, saveBlob } from '../../../lib/download';
import { addDays, todayIn, weekStart } from '../../../lib/time';
import { useAction, useLoad } from '../../../lib/useLoad';
import { Templates } from '../components/Templates';

async function blobOf(p: Promise<{ data?: Blob; error?: unknown; response: Response }>): Promise<Blob> {
  const r = await p;
  if (!r.response.ok || !r.data) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
  return r.data;
}

export default function Paperwork() {
  const { tz, can } = useAuth();
  const today = todayIn(tz);
  const [date, setDate] = useState(today);
  const pdf = useAction();
  const [done, setDone] = useState<string | null>(null);
  const getPdf = (mode: 'open' | 'save') =>
    void pdf.run(async () => {
      setDone(null);
      const blob = await blobOf(api.GET('/api/v1/paperwork/daily', { params: { query: { date } }, parseAs: 'blob' }));
      if (mode === 'open') openBlob(blob);
      else saveBlob(blob, `kairos-paperwork-${date}.pdf`);
      setDone(`Paperwork for ${date} ${mode === 'open' ? 'opened in a new tab; print it from there' : 'downloaded'}.`);
    });

  return (
    <Page title="Paperwork & exports">
      <section className="card" aria-labelledby="pw-h">
        <h2 id="pw-h">Daily paperwork</h2>
        <p className="muted small">One PDF: each employee's schedule for the day, then the active daily checklists.</p>
        <div className="row">
          <TextField label="Day" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <button type="button" className="btn primary" disabled={pdf.busy || !date} onClick={() => getPdf('save')}>
            Download PDF
          </button>
          <button type="button" className="btn" disabled={pdf.busy || !date} onClick={() => getPdf('open')}>
            Open to print
          </button>
        </div>
        {pdf.busy ? <ProgressBar value={null} label="Preparing the PDF" /> : null}
        <ErrorBox error={pdf.error} />
        {done ? <Notice>{done}</Notice> : null}
      </section>
      <Templates editable={can('manager')} />
      <Exports defaultFrom={weekStart(today)} />
      {can('manager') ? <Feeds /> : null}
    </Page>
  );
}

function Exports({ defaultFrom }: { defaultFrom: string }) {
  const [from, setFrom] = useState(defaultFrom);
  const [to, setTo] = useState(addDays(defaultFrom, 6));
  const [employee, setEmployee] = useState('');
  const employees = useLoad(() => allEmployees(), []);
  const act = useAction();
  const [done, setDone] = useState<string | null>(null);
  const get = (format: 'csv' | 'xlsx' | 'ics') =>
    void act.run(async () => {
      setDone(null);
      if (!from || !to || to < from) {
        act.setFieldErrors({ to: 'must not be before from' });
        throw new Error('Choose a valid period.');
      }
      const blob = await blobOf(
        api.GET('/api/v1/exports/schedules', {
          params: { query: { format, from, to, employee_id: employee || undefined } },
          parseAs: 'blob',
        }),
      );
      saveBlob(blob, `kairos-schedules-${from}-${to}.${format}`);
      setDone(`Downloaded ${format.toUpperCase()} for ${from} – ${to}.`);
    });
  return (
    <section className="card" aria-labelledby="ex-h">
      <h2 id="ex-h">Export schedules</h2>
      <div className="row">
        <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField
          label="To"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={act.fieldErrors.to}
        />
        <SelectField label="Employee" value={employee} onChange={(e) => setEmployee(e.target.value)}>
          <option value="">Everyone</option>
          {employees.data?.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="row">
        <button type="button" className="btn" disabled={act.busy} onClick={() => get('csv')}>
          CSV
        </button>
        <button type="button" className="btn" disabled={act.busy} onClick={() => get('xlsx')}>
          Excel (XLSX)
        </button>
        <button type="button" className="btn" disabled={act.busy} onClick={() => get('ics')}>
          iCalendar (.ics)
        </button>
      </div>
      {act.busy ? <ProgressBar value={null} label="Preparing the export" /> : null}
      <ErrorBox error={act.error} />
      {done ? <Notice>{done}</Notice> : null}
    </section>
  );
}

function Feeds() {
  const employees = useLoad(() => allEmployees({ active: true }), []);
  const [employee, setEmployee] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const act = useAction();
  return (
    <section className="card" aria-labelledby="feed-h">
      <h2 id="feed-h">Calendar feed link</h2>
      <p className="muted small">
        A private iCalendar URL an employee can subscribe to (30 days back, 180 ahead). Revoking stops every link of
        that employee.
      </p>
      <Loaded state={employees}>
        {(list) => (
          <div className="row">
            <SelectField
              label="Employee"
              value={employee}
              onChange={(e) => {
                setEmployee(e.target.value);
                setUrl(null);
              }}
            >
              <option value="">Choose…</option>
              {list.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </SelectField>
            <button
              type="button"
              className="btn primary"
              disabled={!employee || act.busy}
              onClick={() =>
                void act.run(async () => {
                  const r = await api.POST('/api/v1/employees/{id}/calendar-feed', {
                    params: { path: { id: employee } },
                  });
                  if (!r.data) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
                  setUrl(new URL(r.data.url, window.location.origin).toString());
                  setCopied(false);
                })
              }
            >
              Create link
            </button>
            <button
              type="button"
              className="btn danger"
              disabled={!employee || act.busy}
              onClick={() =>
                void act.run(async () => {
                  const r = await api.DELETE('/api/v1/employees/{id}/calendar-feed', {
                    params: { path: { id: employee } },
                  });
                  if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
                  setUrl(null);
                })
              }
            >
              Revoke links
            </button>
          </div>
        )}
      </Loaded>
      <ErrorBox error={act.error} />
      {url ? (
        <div className="row">
          <TextField label="Feed URL" readOnly value={url} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="btn"
            onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
