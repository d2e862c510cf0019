// A member's own schedule, availability and time-off requests.
import { useAuth } from '../../../auth/AuthContext';
import { EmployeeView, NoEmployee } from '../components/employee/EmployeeView';
import { Page } from '../../../ui';

export default function MySchedule() {
  const { employeeId } = useAuth();
  return <Page title="My schedule">{employeeId ? <EmployeeView id={employeeId} self /> : <NoEmployee />}</Page>;
}
