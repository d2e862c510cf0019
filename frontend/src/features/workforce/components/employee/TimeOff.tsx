// An employee's time-off requests and a form to request more.
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../../api/client';
import { useAuth } from '../../../../auth/AuthContext';
import { Badge, ErrorBox, Loaded, Notice, TextField } from '../../../../ui';
import { formatDate } from '../../../../lib/time';
import { useAction, useLoad } from '../../../../lib/useLoad';
import { validateTimeOff } from '../../validation';

export function TimeOffPanel({ id, editable }: { id: string; editable: boolean }) {
  const { can } = useAuth();
  const state = useLoad(
    () =>
      unwrap(
        api.GET('/api/v1/time-off', { params: { query: { employee_id: id, per_page: 100, sort: '-start_date' } } }),
      ),
    [id],
  );
  const [v, setV] = useState({ start_date: '', end_date: '', reason: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = validateTimeOff(v);
    setErrs(local);
    setSent(false);
    if (Object.keys(local).length) return;
    const ok = await act.run(() =>
      unwrap(
        api.POST('/api/v1/employees/{id}/time-off', {
          params: { path: { id } },
          body: { start_date: v.start_date, end_date: v.end_date, reason: v.reason || null },
        }),
      ),
    );
    if (ok) {
      setSent(true);
      setV({ start_date: '', end_date: '', reason: '' });
      state.reload();
    }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <section className="card" aria-labelledby="to-h">
      <h2 id="to-h">Time off</h2>
      <Loaded state={state} empty={(d) => (d.items.length ? null : 'No time-off requests.')}>
        {(d) => (
          <ul className="plain">
            {d.items.map((t) => (
              <li key={t.id}>
                {formatDate(t.start_date)} – {formatDate(t.end_date)} <Badge>{t.status}</Badge>{' '}
                {t.reason ? <span className="muted">{t.reason}</span> : null}
                {t.status === 'pending' && (editable || can('manager')) ? (
                  <button
                    type="button"
                    className="btn small danger"
                    style={{ marginLeft: '.5rem' }}
                    onClick={() =>
                      void act.run(async () => {
                        await unwrap(api.DELETE('/api/v1/time-off/{id}', { params: { path: { id: t.id } } }));
                        state.reload();
                      })
                    }
                  >
                    Withdraw
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {editable ? (
        <form onSubmit={submit} noValidate aria-label="Request time off">
          <h3>Request time off</h3>
          <div className="row">
            <TextField
              label="First day"
              type="date"
              value={v.start_date}
              onChange={(e) => setV({ ...v, start_date: e.target.value })}
              error={err('start_date')}
            />
            <TextField
              label="Last day"
              type="date"
              value={v.end_date}
              onChange={(e) => setV({ ...v, end_date: e.target.value })}
              error={err('end_date')}
            />
            <TextField
              label="Reason"
              value={v.reason}
              onChange={(e) => setV({ ...v, reason: e.target.value })}
              error={err('reason')}
            />
            <button className="btn primary" type="submit" disabled={act.busy}>
              {act.busy ? 'Sending…' : 'Request'}
            </button>
          </div>
          <ErrorBox error={act.error} />
          {sent ? <Notice>Request sent{can('manager') ? '' : '; a manager will decide'}.</Notice> : null}
        </form>
      ) : null}
      {!editable && act.error ? <ErrorBox error={act.error} /> : null}
    </section>
  );
}
