import { NavLink, useSearchParams } from 'react-router';
import { useCan } from '../../lib/session.ts';
import { useLocale } from '../../lib/locale.ts';

/** Users and audit-log entries of the main navigation, for administrators only. */
export function AdminNav() {
  const { t } = useLocale();
  const [params] = useSearchParams();
  const manageUsers = useCan('manageUsers');
  const viewAudit = useCan('viewAudit');
  const lang = params.get('lang') === 'en' ? '?lang=en' : '';
  return (
    <>
      {manageUsers ? (
        <li>
          <NavLink to={`/admin/users${lang}`}>{t('nav.users')}</NavLink>
        </li>
      ) : null}
      {viewAudit ? (
        <li>
          <NavLink to={`/admin/audit${lang}`}>{t('nav.audit')}</NavLink>
        </li>
      ) : null}
    </>
  );
}
