// The top bar's notification bell with the unread count; it recounts on each change of screen.
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthContext';
import { notifyUnreadChanged, useUnreadCount } from '../unread';

export function NotificationBell() {
  const { me } = useAuth();
  const location = useLocation();
  useEffect(() => {
    notifyUnreadChanged(); // a cheap recount on each screen change keeps the badge current
  }, [location.pathname]);
  const unread = useUnreadCount(!!me);
  return (
    <Link className="bell" to="/notifications" aria-label={`Notifications${unread ? `, ${unread} unread` : ''}`}>
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {unread ? (
        <span className="count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
