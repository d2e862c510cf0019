// The workforce module's screens: the dashboard, a member's own schedule, employees, events, the
// schedule board, the auto-scheduler, time off, rotations, attendance, paperwork and the daily
// audit's findings. Each screen is its own lazily loaded chunk.
import { lazy } from 'react';
import type { AppRoute } from '../../lib/feature';
import { INTEGRATIONS } from '../platform/menu';

const Attendance = lazy(() => import('./pages/Attendance'));
const AuditFindings = lazy(() => import('./pages/AuditFindings'));
const Board = lazy(() => import('./pages/Board'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const EmployeeDetail = lazy(() => import('./pages/EmployeeDetail'));
const Employees = lazy(() => import('./pages/Employees'));
const EventDetail = lazy(() => import('./pages/EventDetail'));
const Events = lazy(() => import('./pages/Events'));
const MySchedule = lazy(() => import('./pages/MySchedule'));
const Paperwork = lazy(() => import('./pages/Paperwork'));
const Rotations = lazy(() => import('./pages/Rotations'));
const Scheduler = lazy(() => import('./pages/Scheduler'));
const TimeOff = lazy(() => import('./pages/TimeOff'));

export const routes: AppRoute[] = [
  { path: '', element: <Dashboard />, role: 'staff', menu: { label: 'Dashboard', order: 10 } },
  { path: 'me', element: <MySchedule />, role: 'member', menu: { label: 'My schedule', order: 20 }, memberHome: true },
  { path: 'employees', element: <Employees />, role: 'staff', menu: { label: 'Employees', order: 30 } },
  { path: 'employees/:id', element: <EmployeeDetail />, role: 'staff' },
  { path: 'events', element: <Events />, role: 'staff', menu: { label: 'Events', order: 40 } },
  { path: 'events/:id', element: <EventDetail />, role: 'staff' },
  { path: 'board', element: <Board />, role: 'staff', menu: { label: 'Schedule board', order: 50 } },
  { path: 'scheduler', element: <Scheduler />, role: 'manager', menu: { label: 'Auto-scheduler', order: 60 } },
  { path: 'time-off', element: <TimeOff />, role: 'manager', menu: { label: 'Time off', order: 70 } },
  { path: 'rotations', element: <Rotations />, role: 'staff', menu: { label: 'Rotations', order: 80 } },
  { path: 'attendance', element: <Attendance />, role: 'staff', menu: { label: 'Attendance', order: 90 } },
  { path: 'paperwork', element: <Paperwork />, role: 'staff', menu: { label: 'Paperwork & exports', order: 100 } },
  {
    path: 'integrations/findings',
    element: <AuditFindings />,
    role: 'manager',
    menu: { label: 'Audit findings', group: INTEGRATIONS, order: 130 },
  },
];
