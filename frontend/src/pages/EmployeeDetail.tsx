import { Link, useParams } from 'react-router-dom';
import { EmployeeView } from '../components/EmployeeView';
import { Page } from '../components/ui';

export default function EmployeeDetail() {
  const { id = '' } = useParams();
  return (
    <Page title={`Employee ${id}`} actions={<Link className="btn" to="/employees">All employees</Link>}>
      <EmployeeView id={id} />
    </Page>
  );
}
