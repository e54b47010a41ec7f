import { useLocale } from '../../lib/locale.ts';
import { signOut, useSessionUser } from '../../lib/session.ts';
import { useAuthText } from './auth-text.ts';
import '../admin/admin.css';

/** Who is signed in (name, role, provinces) and the sign-out button, in the header. */
export function UserMenu() {
  const user = useSessionUser();
  const text = useAuthText();
  const { lang } = useLocale();
  if (!user) return null;
  const scope =
    user.scope.provinces === 'all' ? text('user.scopeAll') : user.scope.provinces.join('، ');
  return (
    <div className="user-menu" role="group" aria-label={text('user.menu')}>
      <span className="user-name" dir="auto" title={scope}>
        {user.username}
        <small lang={lang}>
          {' '}
          ({text(`role.${user.role}`)} · {scope})
        </small>
      </span>
      <button type="button" className="btn" onClick={() => void signOut()}>
        {text('user.signOut')}
      </button>
    </div>
  );
}
