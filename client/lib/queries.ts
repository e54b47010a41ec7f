import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Filters } from '../../server/domain/filters.ts';
import { effectivePeriod, type Period } from '../../server/domain/period.ts';
import { useTRPC, type RouterInputs, type RouterOutputs } from './trpc.ts';

/**
 * One hook per endpoint. Every stats hook keeps the previous data on screen while new filters
 * load (`placeholderData: keepPreviousData`), so charts never flash empty.
 */

export type Dimensions = RouterOutputs['meta']['dimensions'];
export type Summary = RouterOutputs['stats']['summary'];
export type Breakdown = RouterOutputs['stats']['breakdown'];
export type BreakdownRow = Breakdown['rows'][number];
export type Timeseries = RouterOutputs['stats']['timeseries'];
export type Drill = RouterOutputs['stats']['drill'];
export type Impact = RouterOutputs['stats']['impact'];

/** Dimension members, years and dataset facts: fetched once per session. */
export function useDimensions() {
  const trpc = useTRPC();
  return useQuery(trpc.meta.dimensions.queryOptions(undefined, { staleTime: Infinity }));
}

/** `enabled: false` holds the request until its input is known (e.g. the dataset's years). */
export function useSummary(filters: Filters, enabled = true) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.summary.queryOptions({ filters }, { placeholderData: keepPreviousData, enabled }),
  );
}

export function useBreakdown(
  filters: Filters,
  options: Omit<RouterInputs['stats']['breakdown'], 'filters'>,
) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.breakdown.queryOptions(
      { filters, ...options },
      { placeholderData: keepPreviousData },
    ),
  );
}

export function useTimeseries(
  filters: Filters,
  grain: RouterInputs['stats']['timeseries']['grain'],
) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.timeseries.queryOptions({ filters, grain }, { placeholderData: keepPreviousData }),
  );
}

export function useDrill(
  filters: Filters,
  options: Omit<RouterInputs['stats']['drill'], 'filters'>,
) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.drill.queryOptions({ filters, ...options }, { placeholderData: keepPreviousData }),
  );
}

export function useImpact(filters: Filters) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.impact.queryOptions({ filters }, { placeholderData: keepPreviousData }),
  );
}

/**
 * The period the filters answer, by the one rule the server applies (server/domain/period.ts):
 * the URL's years, else the dataset's whole range. Null until the dataset's years load.
 */
export function useEffectiveRange(filters: Filters): Period | null {
  const dimensions = useDimensions();
  const years = dimensions.data?.years;
  if (!years) return null;
  return effectivePeriod(filters, years, years.max);
}

export type ViewTargets = RouterOutputs['stats']['targets'];
export type PlanResult = RouterOutputs['stats']['plan'];
export type KeyMessages = RouterOutputs['stats']['keyMessages'];

/** The plan's targets for the view, one per plan metric (KPI cards). */
export function useViewTargets(filters: Filters) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.targets.queryOptions({ filters }, { placeholderData: keepPreviousData }),
  );
}

export function usePlan(
  filters: Filters,
  options: Omit<RouterInputs['stats']['plan'], 'filters'>,
  enabled = true,
) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.plan.queryOptions(
      { filters, ...options },
      { placeholderData: keepPreviousData, enabled },
    ),
  );
}

export function useKeyMessages(filters: Filters) {
  const trpc = useTRPC();
  return useQuery(
    trpc.stats.keyMessages.queryOptions({ filters }, { placeholderData: keepPreviousData }),
  );
}
