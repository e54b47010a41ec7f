import { Link, useSearchParams } from 'react-router';
import type { Filters } from '../../../server/domain/filters.ts';
import { renderKeyFact } from '../../../server/domain/key-messages.ts';
import { Skeleton, ErrorState } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { usePlanText } from './plan-text.ts';
import { useKeyMessages } from '../../lib/queries.ts';
import { PREFERENCE_PARAMS, hrefOf } from '../../lib/url-state.ts';

/**
 * The view's key messages (server facts, written here with the page's own formatter so every
 * number reads as on screen), each a link to the view that shows it. Shared by the overview and
 * province panels and the briefing's first slide.
 */
export function KeyMessagesList({ filters, className }: { filters: Filters; className?: string }) {
  const { fmt } = useLocale();
  const pt = usePlanText();
  const [params] = useSearchParams();
  const query = useKeyMessages(filters);
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Skeleton height={160} />;
  const { messages, comparedYear } = query.data;
  // The reader's language and digits follow the links.
  const hrefFor = (path: string, linkParams: Record<string, string>) => {
    const next = new URLSearchParams(linkParams);
    for (const key of PREFERENCE_PARAMS) {
      const value = params.get(key);
      if (value !== null) next.set(key, value);
    }
    return hrefOf(path, next);
  };
  return (
    <div className={className ?? 'key-messages'} aria-busy={query.isFetching}>
      {messages.length === 0 ? <p className="hint">{pt('messages.empty')}</p> : null}
      <ol data-testid="key-messages">
        {messages.map(({ fact, link }) => (
          <li key={fact.kind} data-kind={fact.kind}>
            <Link to={hrefFor(link.path, link.params)}>{renderKeyFact(fact, fmt)}</Link>
          </li>
        ))}
      </ol>
      {comparedYear !== null ? (
        <p className="hint" data-testid="key-messages-compared">
          {pt('messages.compared', { year: fmt.year(comparedYear) })}
        </p>
      ) : null}
    </div>
  );
}
