import type { MessageKey } from '../i18n/index.ts';
import { useLocale } from '../lib/locale.ts';

/**
 * The minimal page behind a route whose feature is not built yet (Clusters, Headings, Explore,
 * Impact are issue #4's second client slice): its title and a short notice, so navigation,
 * filters and language already work there.
 */
export function PendingPage({ title }: { title: MessageKey }) {
  const { t } = useLocale();
  return (
    <>
      <h1 className="page-title">{t(title)}</h1>
      <p className="notice">{t('placeholder.soon')}</p>
    </>
  );
}
