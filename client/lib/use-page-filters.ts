import { useMemo } from 'react';
import { useLocation } from 'react-router';
import type { Filters } from '../../server/domain/filters.ts';
import { pageFilters, pinnedProvince } from './page-filters.ts';
import { useViewState } from './use-view-state.ts';

/** The current page's filters (route pins included) and the province its route pins. */
export function usePageFilters(): { filters: Filters; pinned: string | null } {
  const { pathname } = useLocation();
  const { filters } = useViewState();
  return useMemo(
    () => ({ filters: pageFilters(pathname, filters), pinned: pinnedProvince(pathname) }),
    [pathname, filters],
  );
}
