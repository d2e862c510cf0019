// Form checks of the platform's screens (sign-in, users), in the server's words.
import { collect, email, password, type Errors } from '../../lib/validation';

export function validateLogin(v: { email: string; password: string }): Errors {
  return collect([
    ['email', v.email.trim() ? email(v.email) : 'must not be blank'],
    ['password', v.password ? undefined : 'must not be blank'],
  ]);
}

export function validateUser(v: { email: string; password?: string; name?: string; creating: boolean }): Errors {
  return collect([
    ['email', email(v.email)],
    ['password', v.creating || v.password ? password(v.password ?? '') : undefined],
  ]);
}
