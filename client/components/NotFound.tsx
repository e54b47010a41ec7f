import { Link, useSearchParams } from 'react-router';
import { useLocale } from '../lib/locale.ts';
import { carriedParams, hrefOf } from '../lib/url-state.ts';

/** Unknown paths inside the SPA. */
export function NotFound() {
  const { t } = useLocale();
  const [params] = useSearchParams();
  return (
    <div className="state">
      <h1 className="page-title">{t('app.notFound')}</h1>
      <Link to={hrefOf('/', carriedParams(params))}>{t('app.backHome')}</Link>
    </div>
  );
}
