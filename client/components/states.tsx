import { LIST_KEYS, type ListKey } from '../../server/domain/filters.ts';
import { useLocale } from '../lib/locale.ts';
import { useViewState } from '../lib/use-view-state.ts';

/** A shimmering placeholder of a chart's size, shown on first load only. */
export function Skeleton({ height = 240 }: { height?: number }) {
  const { t } = useLocale();
  return (
    <div
      className="skeleton"
      style={{ blockSize: height }}
      role="status"
      aria-label={t('state.loading')}
    />
  );
}

/** The error state: what failed and a retry button. */
export function ErrorState({ message, onRetry }: { message?: string; onRetry?: () => void }) {
  const { t } = useLocale();
  return (
    <div className="state state-error" role="alert">
      <p>{t('state.error')}</p>
      {message ? <p dir="auto">{message}</p> : null}
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * The empty state names the filters that may have emptied the view and offers to remove each
 * (when one filter is active it is named as the cause).
 */
export function EmptyState() {
  const { t } = useLocale();
  const { filters, setFilters } = useViewState();
  const active: (ListKey | 'years')[] = LIST_KEYS.filter((key) => filters[key].length > 0);
  if (filters.from !== undefined || filters.to !== undefined) active.push('years');
  const label = (key: ListKey | 'years') => t(`filters.${key}`);
  const remove = (key: ListKey | 'years') =>
    setFilters((current) =>
      key === 'years' ? { ...current, from: undefined, to: undefined } : { ...current, [key]: [] },
    );
  return (
    <div className="state" role="status">
      <p>{t('state.empty')}</p>
      {active.length === 1 && active[0] ? (
        <p>{t('state.emptyBecause', { filter: label(active[0]) })}</p>
      ) : null}
      {active.length > 0 ? (
        <div className="filter-controls">
          {active.map((key) => (
            <button key={key} type="button" className="btn btn-small" onClick={() => remove(key)}>
              {t('state.emptyRemove')}: {label(key)}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
