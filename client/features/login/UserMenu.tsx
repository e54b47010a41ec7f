import { useLocale } from '../../lib/locale.ts';
import { provinceNames } from '../../lib/province-names.ts';
import { signOut, useSessionUser } from '../../lib/session.ts';
import '../admin/admin.css';

/** Who is signed in (name, role, provinces) and the sign-out button, in the header. */
export function UserMenu() {
  const user = useSessionUser();
  const { lang, t, name } = useLocale();
  if (!user) return null;
  const scope =
    user.scope.provinces === 'all'
      ? t('user.scopeAll')
      : provinceNames(user.scope.provinces, name, lang);
  return (
    <div className="user-menu" role="group" aria-label={t('user.menu')}>
      <span className="user-name" dir="auto" title={scope}>
        {user.username}
        <small lang={lang}>
          {' '}
          ({t(`role.${user.role}`)} · {scope})
        </small>
      </span>
      <button type="button" className="btn" onClick={() => void signOut()}>
        {t('user.signOut')}
      </button>
    </div>
  );
}
