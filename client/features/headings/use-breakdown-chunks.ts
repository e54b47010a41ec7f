import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { Filters } from '../../../server/domain/filters.ts';
import type { PanelState } from '../../components/Panel.tsx';
import type { BreakdownRow } from '../../lib/queries.ts';
import { useTRPC, type RouterInputs } from '../../lib/trpc.ts';

type BreakdownOptions = Omit<RouterInputs['stats']['breakdown'], 'filters'>;

/**
 * Several breakdowns of the same pair, each narrowed to a chunk of headings, merged into one row
 * list: a heading × province grid has more cells than one breakdown returns. The requests go out
 * in one batched HTTP call (httpBatchLink).
 */
export function useHeadingChunks(
  filters: Filters,
  chunks: readonly string[][],
  options: BreakdownOptions,
): { rows: BreakdownRow[]; state: Omit<PanelState, 'empty'> } {
  const trpc = useTRPC();
  const results = useQueries({
    queries: chunks.map((heading) =>
      trpc.stats.breakdown.queryOptions(
        { filters: { ...filters, heading }, ...options },
        { placeholderData: keepPreviousData },
      ),
    ),
  });
  const error = results.find((r) => r.error)?.error ?? null;
  return {
    rows: results.flatMap((r) => r.data?.rows ?? []),
    state: {
      pending: results.some((r) => r.isPending),
      fetching: results.some((r) => r.isFetching && !r.isPending),
      error,
      retry: () => {
        for (const r of results) if (r.error) void r.refetch();
      },
    },
  };
}
