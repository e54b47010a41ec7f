import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Filters } from '../../server/domain/filters.ts';
import { readViewState, withFilters, withParam, type ViewState } from './url-state.ts';

export interface ViewStateApi extends ViewState {
  params: URLSearchParams;
  /** Replaces the filters (a new history entry, so back/forward step through views). */
  setFilters: (next: Filters | ((current: Filters) => Filters)) => void;
  /** Sets or clears one page parameter (`by`, `metric`, `chart`, `map`, `page`, `lang`, `digits`). */
  setParam: (key: string, value: string | null) => void;
}

/** The view state of the current URL and setters that write it back. */
export function useViewState(): ViewStateApi {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readViewState(params), [params]);
  const setFilters = useCallback<ViewStateApi['setFilters']>(
    (next) => {
      setParams((current) => {
        const filters = typeof next === 'function' ? next(readViewState(current).filters) : next;
        // A filter change invalidates paging.
        return withParam(withFilters(current, filters), 'page', null);
      });
    },
    [setParams],
  );
  const setParam = useCallback<ViewStateApi['setParam']>(
    (key, value) => setParams((current) => withParam(current, key, value)),
    [setParams],
  );
  return { ...state, params, setFilters, setParam };
}
