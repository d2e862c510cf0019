// The platform's screens: signing in, your account and notifications, users and API keys,
// settings, the audit log, and the integrations (jobs, webhooks, outbound messages). Each screen
// but the sign-in is its own lazily loaded chunk.
import { lazy } from 'react';
import { Navigate } from 'react-router-dom';
import type { AppRoute } from '../../lib/feature';
import { INTEGRATIONS } from './menu';
import Login from './pages/Login';

const Account = lazy(() => import('./pages/Account'));
const Admin = lazy(() => import('./pages/Admin'));
const Audit = lazy(() => import('./pages/Audit'));
const Deliveries = lazy(() => import('./pages/Deliveries'));
const Jobs = lazy(() => import('./pages/Jobs'));
const Notifications = lazy(() => import('./pages/Notifications'));
const Settings = lazy(() => import('./pages/Settings'));
const Webhooks = lazy(() => import('./pages/Webhooks'));

export const routes: AppRoute[] = [
  { path: 'login', element: <Login />, role: 'guest' },
  { path: 'audit', element: <Audit />, role: 'manager', menu: { label: 'Audit log', order: 110 } },
  { path: 'integrations', element: <Navigate to="/integrations/jobs" replace /> },
  {
    path: 'integrations/jobs',
    element: <Jobs />,
    role: 'manager',
    menu: { label: 'Jobs', group: INTEGRATIONS, order: 120 },
  },
  {
    path: 'integrations/webhooks',
    element: <Webhooks />,
    role: 'admin',
    menu: { label: 'Webhooks', group: INTEGRATIONS, order: 140 },
  },
  {
    path: 'integrations/deliveries',
    element: <Deliveries />,
    role: 'manager',
    menu: { label: 'Outbound messages', group: INTEGRATIONS, order: 150 },
  },
  { path: 'settings', element: <Settings />, role: 'admin', menu: { label: 'Settings', order: 160 } },
  { path: 'admin', element: <Admin />, role: 'admin', menu: { label: 'Users & API keys', order: 170 } },
  { path: 'account', element: <Account />, menu: { label: 'Your account', order: 180 } },
  { path: 'notifications', element: <Notifications /> },
];
