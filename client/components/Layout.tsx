import { Suspense, useEffect } from 'react';
import { NavLink, Outlet, useLocation, useSearchParams } from 'react-router';
import { AdminNav } from '../features/admin/AdminNav.tsx';
import { UserMenu } from '../features/login/UserMenu.tsx';
import { useLocale } from '../lib/locale.ts';
import { useDimensions } from '../lib/queries.ts';
import { useSessionUser } from '../lib/session.ts';
import { useTheme, type ThemeChoice } from '../lib/theme.ts';
import { carriedParams, hrefOf, withParam } from '../lib/url-state.ts';
import { FilterBar } from './FilterBar.tsx';
import { NAV_ITEMS } from './nav-items.ts';
import { PresentButton } from './PresentButton.tsx';
import { Skeleton } from './states.tsx';

/**
 * The application shell: header (brand, navigation carrying filters and language, settings),
 * the global filter bar, the synthetic-data note and the routed page. Keeps <html lang dir> in
 * step with `?lang=`.
 */
export function Layout() {
  const { t, lang, dir } = useLocale();
  const [params] = useSearchParams();
  const carried = carriedParams(params);
  const user = useSessionUser();
  const { pathname } = useLocation();
  const navItems = NAV_ITEMS.filter(
    (item) => !item.needs || (user?.permissions.includes(item.needs) ?? false),
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    document.title = `${t('app.name')} — ${t('app.tagline')}`;
  }, [lang, dir, t]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <a className="brand" href={hrefOf('/', carried)}>
          {t('app.name')}
          <small>{t('app.tagline')}</small>
        </a>
        <nav className="main-nav" aria-label={t('nav.label')}>
          <ul>
            {navItems.map((item) => (
              <li key={item.path}>
                <NavLink to={hrefOf(item.path, carried)} end={item.path === '/'}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
            <AdminNav />
          </ul>
        </nav>
        <PresentButton />
        <Settings />
        <UserMenu />
      </header>
      {readsFilters(pathname) && <FilterBar />}
      <main className="app-main" id="main">
        <SyntheticNote />
        <Suspense fallback={<Skeleton height={400} />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

/**
 * Whether a page answers to the analytics filters: the import and admin pages (users, audit) do
 * not, so the filter bar would offer choices that change nothing there. The filters stay in the
 * address, so going back to a chart page finds them as they were.
 */
function readsFilters(pathname: string): boolean {
  return !/^\/(import|admin)(\/|$)/.test(pathname);
}

/** Language switch, digit style and theme. */
function Settings() {
  const { t, lang, digits } = useLocale();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const [theme, setTheme] = useTheme();
  const otherLang = withParam(params, 'lang', lang === 'fa' ? 'en' : null);
  return (
    <div className="settings" role="group" aria-label={t('settings.label')}>
      <a
        className="btn"
        href={hrefOf(location.pathname, otherLang)}
        lang={lang === 'fa' ? 'en' : 'fa'}
        title={t('settings.switchToOtherLabel')}
        onClick={(event) => {
          event.preventDefault();
          setParams(otherLang);
        }}
      >
        {t('settings.switchToOther')}
      </a>
      <label>
        <span className="visually-hidden">{t('settings.digits')}</span>
        <select
          className="select"
          value={digits}
          onChange={(e) => setParams(withParam(params, 'digits', e.target.value))}
        >
          <option value="persian">{t('settings.digitsPersian')}</option>
          <option value="latin">{t('settings.digitsLatin')}</option>
        </select>
      </label>
      <label>
        <span className="visually-hidden">{t('settings.theme')}</span>
        <select
          className="select"
          value={theme}
          onChange={(e) => setTheme(e.target.value as ThemeChoice)}
        >
          <option value="system">{`${t('settings.theme')}: ${t('settings.themeSystem')}`}</option>
          <option value="light">{`${t('settings.theme')}: ${t('settings.themeLight')}`}</option>
          <option value="dark">{`${t('settings.theme')}: ${t('settings.themeDark')}`}</option>
        </select>
      </label>
    </div>
  );
}

/** «داده‌های نمونه (ساختگی)…» whenever the dataset is synthetic. */
function SyntheticNote() {
  const { t, fmt } = useLocale();
  const dimensions = useDimensions();
  const dataset = dimensions.data?.dataset;
  if (!dataset?.synthetic) return null;
  return (
    <p className="synthetic-note" data-testid="synthetic-note">
      {t('app.syntheticNote')}
      {dataset.asOf ? ` · ${t('app.dataAsOf', { date: fmt.date(dataset.asOf) })}` : null}
    </p>
  );
}
