// The signed-in person's account: who they are and changing their password.
import { useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { ApiError, type Problem } from '../../../api/problem';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorBox, Notice, Page, TextField } from '../../../ui';
import { useAction } from '../../../lib/useLoad';
import { password as checkPassword } from '../../../lib/validation';

export default function Account() {
  const { me, role } = useAuth();
  const [v, setV] = useState({ current: '', next: '', again: '' });
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const act = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const local: Record<string, string> = {};
    if (!v.current) local.current_password = 'must not be blank';
    const p = checkPassword(v.next);
    if (p) local.new_password = p;
    else if (v.next !== v.again) local.again = 'does not match the new password';
    setErrs(local);
    if (Object.keys(local).length) return;
    const ok = await act.run(async () => {
      const r = await api.POST('/api/v1/auth/password', {
        body: { current_password: v.current, new_password: v.next },
      });
      if (!r.response.ok) throw new ApiError(r.response.status, (r.error as Partial<Problem>) ?? null);
      return true;
    });
    if (ok) {
      setDone(true);
      setV({ current: '', next: '', again: '' });
    }
  }
  const err = (k: string) => errs[k] ?? act.fieldErrors[k];
  return (
    <Page title="Your account">
      <section className="card">
        <dl className="props">
          <dt>Name</dt>
          <dd>{me?.user?.name ?? '—'}</dd>
          <dt>E-mail</dt>
          <dd>{me?.user?.email ?? '—'}</dd>
          <dt>Role</dt>
          <dd>{role}</dd>
        </dl>
      </section>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="pw-h" style={{ maxWidth: 480 }}>
        <h2 id="pw-h">Change your password</h2>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={v.current}
          onChange={(e) => setV({ ...v, current: e.target.value })}
          error={err('current_password')}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={v.next}
          onChange={(e) => setV({ ...v, next: e.target.value })}
          error={err('new_password')}
          hint="At least 8 characters."
        />
        <TextField
          label="New password again"
          type="password"
          autoComplete="new-password"
          value={v.again}
          onChange={(e) => setV({ ...v, again: e.target.value })}
          error={err('again')}
        />
        <ErrorBox error={act.error} />
        {done ? <Notice>Password changed. Your other sessions have been signed out.</Notice> : null}
        <button className="btn primary" type="submit" disabled={act.busy}>
          {act.busy ? 'Saving…' : 'Change password'}
        </button>
      </form>
    </Page>
  );
}
