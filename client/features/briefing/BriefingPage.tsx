import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../lib/locale.ts';
import { deckOf, pageHref, presentedPage } from './deck.ts';
import { Presenter } from './Presenter.tsx';
import { useBriefingLocale } from './use-briefing-locale.ts';
import { ViewsManager } from './ViewsManager.tsx';

/**
 * `/briefing`: with `from-page=` it presents that page's panels under the URL's filters (what
 * "Present" on a page opens); without, it lists the saved views and decks.
 */
export function BriefingPage() {
  useBriefingLocale();
  const { t } = useLocale();
  const [params] = useSearchParams();
  const source = useMemo(() => presentedPage(params), [params]);
  const slides = useMemo(() => (source ? deckOf([source]) : []), [source]);
  if (!source) return <ViewsManager />;
  return (
    <Presenter title={t('briefing.title')} slides={slides} exitHref={pageHref(source, params)} />
  );
}
