import { useLocale } from '../../lib/locale.ts';

/**
 * The sign-in, user-menu and admin strings in both languages, kept beside the features that use
 * them (the shared dictionaries were being edited concurrently when sign-in landed).
 */
const TEXT = {
  'login.title': { fa: 'ورود به حمایت', en: 'Sign in to Hemayat' },
  'login.intro': {
    fa: 'این داشبورد برای کارکنان سازمان است. نام کاربری و گذرواژه را از مدیر سامانه بگیرید.',
    en: 'This dashboard is for agency staff. Ask your administrator for a username and password.',
  },
  'login.username': { fa: 'نام کاربری', en: 'Username' },
  'login.password': { fa: 'گذرواژه', en: 'Password' },
  'login.submit': { fa: 'ورود', en: 'Sign in' },
  'login.working': { fa: 'در حال ورود…', en: 'Signing in…' },
  'login.networkError': {
    fa: 'سرور در دسترس نیست؛ دوباره بکوشید',
    en: 'The server cannot be reached; try again',
  },
  'user.menu': { fa: 'حساب کاربری', en: 'Account' },
  'user.signOut': { fa: 'خروج', en: 'Sign out' },
  'user.scopeAll': { fa: 'همهٔ استان‌ها', en: 'All provinces' },
  'role.admin': { fa: 'مدیر سامانه', en: 'Administrator' },
  'role.analyst': { fa: 'تحلیلگر', en: 'Analyst' },
  'role.manager': { fa: 'مدیر', en: 'Manager' },
  'role.viewer': { fa: 'بیننده', en: 'Viewer' },
  'nav.users': { fa: 'کاربران', en: 'Users' },
  'nav.audit': { fa: 'رویدادها', en: 'Audit log' },
} as const satisfies Record<string, { fa: string; en: string }>;

export type AuthTextKey = keyof typeof TEXT;

/** `t` for the auth strings in the URL's language. */
export function useAuthText(): (key: AuthTextKey) => string {
  const { lang } = useLocale();
  return (key) => TEXT[key][lang];
}

/** Outside the router (no URL hook): the language from the address bar. */
export function authTextNow(key: AuthTextKey): string {
  const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'fa';
  return TEXT[key][lang];
}
