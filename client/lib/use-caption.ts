import type { Filters } from '../../server/domain/filters.ts';
import { isDefaultPeriod } from '../../server/domain/period.ts';
import { filterCaption, type CaptionState } from './filter-caption.ts';
import { useLocale } from './locale.ts';
import { useDimensions, useEffectiveRange } from './queries.ts';
import { useSessionUser } from './session.ts';

/** The caption state of filters as the viewer sees them: their period and their account's scope. */
export function useCaptionState(filters: Filters): CaptionState {
  const period = useEffectiveRange(filters);
  const scope = useSessionUser()?.scope.provinces ?? 'all';
  return { filters, period, wholeRange: isDefaultPeriod(filters), scope };
}

/** The one-line caption of filters (slides, saved views, chart images), in the UI language. */
export function useFilterCaption(filters: Filters): string {
  const { t, fmt } = useLocale();
  const dimensions = useDimensions();
  return filterCaption(useCaptionState(filters), dimensions.data ?? null, t, fmt);
}
