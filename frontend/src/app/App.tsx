// Routes: each screen is its own lazily loaded chunk; members land on their own schedule.
import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { Layout } from './Layout';
import { Loading } from '../ui';
import type { Role } from '../auth/roles';
import Login from '../features/platform/pages/Login';

const Dashboard = lazy(() => import('../features/workforce/pages/Dashboard'));
const Employees = lazy(() => import('../features/workforce/pages/Employees'));
const EmployeeDetail = lazy(() => import('../features/workforce/pages/EmployeeDetail'));
const Events = lazy(() => import('../features/workforce/pages/Events'));
const EventDetail = lazy(() => import('../features/workforce/pages/EventDetail'));
const Board = lazy(() => import('../features/workforce/pages/Board'));
const Scheduler = lazy(() => import('../features/workforce/pages/Scheduler'));
const TimeOff = lazy(() => import('../features/workforce/pages/TimeOff'));
const Rotations = lazy(() => import('../features/workforce/pages/Rotations'));
const Attendance = lazy(() => import('../features/workforce/pages/Attendance'));
const Paperwork = lazy(() => import('../features/workforce/pages/Paperwork'));
const Audit = lazy(() => import('../features/platform/pages/Audit'));
const Settings = lazy(() => import('../features/platform/pages/Settings'));
const Admin = lazy(() => import('../features/platform/pages/Admin'));
const MySchedule = lazy(() => import('../features/workforce/pages/MySchedule'));
const Account = lazy(() => import('../features/platform/pages/Account'));
const Notifications = lazy(() => import('../features/platform/pages/Notifications'));
const Jobs = lazy(() => import('../features/platform/pages/Jobs'));
const Webhooks = lazy(() => import('../features/platform/pages/Webhooks'));
const AuditFindings = lazy(() => import('../features/workforce/pages/AuditFindings'));
const Deliveries = lazy(() => import('../features/platform/pages/Deliveries'));

function Need({ role, staffOnly, children }: { role: Role; staffOnly?: boolean; children: ReactNode }) {
  const auth = useAuth();
  if (auth.role === 'member' && staffOnly) return <Navigate to="/me" replace />;
  if (!auth.can(role)) return <p className="state" role="alert">Your role does not allow this screen.</p>;
  return <>{children}</>;
}

export default function App() {
  const { ready, me, signedOut } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading label="Starting Kairos…" />;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<Login />} />
        <Route path="*" element={<Navigate to="/login" replace state={signedOut ? undefined : { from: `${location.pathname}${location.search}` }} />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<Navigate to="/" replace />} />
      <Route element={<Layout />}>
        <Route index element={<Need role="viewer" staffOnly><Dashboard /></Need>} />
        <Route path="me" element={<Need role="member"><MySchedule /></Need>} />
        <Route path="employees" element={<Need role="viewer" staffOnly><Employees /></Need>} />
        <Route path="employees/:id" element={<Need role="viewer" staffOnly><EmployeeDetail /></Need>} />
        <Route path="events" element={<Need role="viewer" staffOnly><Events /></Need>} />
        <Route path="events/:id" element={<Need role="viewer" staffOnly><EventDetail /></Need>} />
        <Route path="board" element={<Need role="viewer" staffOnly><Board /></Need>} />
        <Route path="scheduler" element={<Need role="manager"><Scheduler /></Need>} />
        <Route path="time-off" element={<Need role="manager"><TimeOff /></Need>} />
        <Route path="rotations" element={<Need role="viewer" staffOnly><Rotations /></Need>} />
        <Route path="attendance" element={<Need role="viewer" staffOnly><Attendance /></Need>} />
        <Route path="paperwork" element={<Need role="viewer" staffOnly><Paperwork /></Need>} />
        <Route path="audit" element={<Need role="manager"><Audit /></Need>} />
        <Route path="integrations" element={<Navigate to="/integrations/jobs" replace />} />
        <Route path="integrations/jobs" element={<Need role="manager"><Jobs /></Need>} />
        <Route path="integrations/findings" element={<Need role="manager"><AuditFindings /></Need>} />
        <Route path="integrations/webhooks" element={<Need role="admin"><Webhooks /></Need>} />
        <Route path="integrations/deliveries" element={<Need role="manager"><Deliveries /></Need>} />
        <Route path="settings" element={<Need role="admin"><Settings /></Need>} />
        <Route path="account" element={<Account />} />
        <Route path="notifications" element={<Notifications />} />
        <Route path="admin" element={<Need role="admin"><Admin /></Need>} />
        <Route path="*" element={<p className="state">This page does not exist. <a href="/">Go to the start</a>.</p>} />
      </Route>
    </Routes>
  );
}
