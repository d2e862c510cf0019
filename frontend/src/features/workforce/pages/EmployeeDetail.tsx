import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EmployeeView } from '../components/employee/EmployeeView';
import { Page } from '../../../ui';

export default function EmployeeDetail() {
  const { id = '' } = useParams();
  const [name, setName] = useState<string | null>(null);
  return (
    <Page
      title={name ?? `Employee ${id}`}
      actions={
        <Link className="btn" to="/employees">
          All employees
        </Link>
      }
    >
      <EmployeeView id={id} onLoaded={(e) => setName(e.name)} />
    </Page>
  );
}
