import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { Filters } from '../../../server/domain/filters.ts';
import { useTRPC } from '../../lib/trpc.ts';

/** stats.impact for several heading selections at once (one batched HTTP request). */
export function useImpacts(selections: readonly Filters[]) {
  const trpc = useTRPC();
  return useQueries({
    queries: selections.map((filters) =>
      trpc.stats.impact.queryOptions({ filters }, { placeholderData: keepPreviousData }),
    ),
  });
}
