import { NavLink, useSearchParams } from 'react-router';
import { useCan } from '../../lib/session.ts';
import { useAuthText } from '../login/auth-text.ts';

/** Users and audit-log entries of the main navigation, for administrators only. */
export function AdminNav() {
  const text = useAuthText();
  const [params] = useSearchParams();
  const manageUsers = useCan('manageUsers');
  const viewAudit = useCan('viewAudit');
  const lang = params.get('lang') === 'en' ? '?lang=en' : '';
  return (
    <>
      {manageUsers ? (
        <li>
          <NavLink to={`/admin/users${lang}`}>{text('nav.users')}</NavLink>
        </li>
      ) : null}
      {viewAudit ? (
        <li>
          <NavLink to={`/admin/audit${lang}`}>{text('nav.audit')}</NavLink>
        </li>
      ) : null}
    </>
  );
}
