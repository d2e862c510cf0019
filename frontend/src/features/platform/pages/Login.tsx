import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { ErrorBox, TextField } from '../../../ui';
import { useAction } from '../../../lib/useLoad';
import { validateLogin } from '../validation';

export default function Login() {
  const { login, sessionEnded } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const act = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs = validateLogin({ email, password });
    setLocal(errs);
    if (Object.keys(errs).length) return;
    const ok = await act.run(async () => {
      await login(email.trim(), password);
      return true;
    });
    if (ok) navigate((location.state as { from?: string } | null)?.from ?? '/', { replace: true });
  }

  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Kairos</h1>
        {sessionEnded ? (
          <p className="notice warn" role="status">
            Your session has ended. Please sign in again.
          </p>
        ) : null}
        <TextField
          label="E-mail"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={local.email ?? act.fieldErrors.email}
          autoFocus
          required
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={local.password ?? act.fieldErrors.password}
          required
        />
        <ErrorBox error={act.error} />
        <button className="btn primary wide" type="submit" disabled={act.busy}>
          {act.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
