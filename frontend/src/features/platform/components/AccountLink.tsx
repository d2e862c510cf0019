// The top bar's link to your account: your name and role.
import { Link } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';

export function AccountLink() {
  const { me, role } = useAuth();
  return (
    <Link className="who" to="/account" title="Your account">
      {me?.user?.name ?? me?.user?.email} <span className="role">{role}</span>
    </Link>
  );
}
