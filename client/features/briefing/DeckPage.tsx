import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { carriedParams, hrefOf } from '../../lib/url-state.ts';
import { deckOf } from './deck.ts';
import { Presenter } from './Presenter.tsx';
import { useBriefingLocale } from './use-briefing-locale.ts';
import { useDeck } from './use-saved-views.ts';
import './briefing.css';

/** `/briefing/deck/:id`: a saved deck, its views' panels in deck order. */
export function DeckPage() {
  useBriefingLocale();
  const { t } = useLocale();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const deckId = /^\d{1,9}$/.test(id) ? Number(id) : 0;
  const deck = useDeck(deckId);
  const slides = useMemo(
    () =>
      deckOf((deck.data?.views ?? []).map((v) => ({ path: v.path, query: v.query, name: v.name }))),
    [deck.data],
  );
  const back = hrefOf('/briefing', carriedParams(params));
  if (deckId === 0 || deck.error?.data?.code === 'NOT_FOUND') {
    return (
      <main className="projector briefing-manager">
        <p role="alert">{t('briefing.deckNotFound')}</p>
        <Link to={back}>{t('briefing.manage')}</Link>
      </main>
    );
  }
  if (deck.error) {
    return (
      <main className="projector briefing-manager">
        <ErrorState message={deck.error.message} onRetry={() => void deck.refetch()} />
      </main>
    );
  }
  if (deck.isPending) return <Skeleton height={400} />;
  return <Presenter title={deck.data.name} slides={slides} exitHref={back} />;
}
