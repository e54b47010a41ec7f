import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import {
  EMPTY_FILTERS,
  LIST_KEYS,
  type Filters,
  type ListKey,
} from '../../server/domain/filters.ts';
import {
  effectivePeriod,
  isDefaultPeriod,
  yearOptions,
  type Period,
} from '../../server/domain/period.ts';
import { useLocale } from '../lib/locale.ts';
import { provinceNames } from '../lib/province-names.ts';
import { useDimensions } from '../lib/queries.ts';
import { useOutsideScope, useSessionUser } from '../lib/session.ts';
import {
  activeFilterCount,
  carriedParams,
  hrefOf,
  setListValues,
  withFilters,
} from '../lib/url-state.ts';
import { usePageFilters } from '../lib/use-page-filters.ts';
import { useViewState } from '../lib/use-view-state.ts';
import { MultiSelect } from './MultiSelect.tsx';
import { buildFilterOptions, optionLabel, type FilterOption } from './filter-options.ts';
import type { MessageKey } from '../i18n/index.ts';

/**
 * The global filter bar (DESIGN §3): a multi-select per list filter, the year range, the active
 * filters as chips and one reset. Everything reads and writes the URL, and everything shown is
 * what the page answers (issue #13): a province page's pinned province is selected in the
 * province picker and chipped, the pickers show the effective period, a chip always states the
 * period (the data's whole range when the URL names no year) and a scoped account's provinces.
 */
export function FilterBar() {
  const { t, lang, fmt, name } = useLocale();
  const { filters: urlFilters, setFilters, filterError, params } = useViewState();
  const { filters, pinned } = usePageFilters();
  const navigate = useNavigate();
  const scope = useSessionUser()?.scope.provinces;
  const outside = useOutsideScope(filters.province);
  const dimensions = useDimensions();
  const options = useMemo(
    () =>
      dimensions.data
        ? buildFilterOptions(dimensions.data, filters, lang, (s) => t(`size.${s}` as MessageKey))
        : null,
    [dimensions.data, filters, lang, t],
  );
  const years = dimensions.data?.years ?? null;
  const period = years ? effectivePeriod(filters, years, years.max) : null;
  // Every year of the data once, and the effective ends even when the URL names years outside it.
  const yearList = [
    ...new Set([...yearOptions(years), ...(period ? [period.from, period.to] : [])]),
  ].sort((a, b) => a - b);

  // On a province page the province is the route's: choosing others leaves the page for the
  // province list (or another province's page), keeping every other filter.
  const leavePinned = (codes: string[]) => {
    const carried = withFilters(carriedParams(params), { ...urlFilters, province: [] });
    if (codes.length === 1 && codes[0]) {
      void navigate(hrefOf(`/provinces/${codes[0]}`, carried));
    } else {
      void navigate(hrefOf('/provinces', withFilters(carried, { ...urlFilters, province: codes })));
    }
  };
  const setList = (key: ListKey, codes: string[]) => {
    if (key === 'province' && pinned) return leavePinned(codes);
    setFilters((current) => setListValues(current, key, codes));
  };
  const setYear = (which: 'from' | 'to', value: string) =>
    setFilters((current) => {
      const next: Filters = { ...current, [which]: Number(value) };
      // Keep the range valid: moving one end past the other drags it along.
      const other = which === 'from' ? 'to' : 'from';
      const otherYear = next[other] ?? period?.[other];
      if (otherYear !== undefined) {
        if (which === 'from' && next.from !== undefined && next.from > otherYear)
          next.to = next.from;
        if (which === 'to' && next.to !== undefined && next.to < otherYear) next.from = next.to;
      }
      return next;
    });

  return (
    <div className="filter-bar" role="region" aria-label={t('filters.label')}>
      <div className="filter-controls">
        {options
          ? LIST_KEYS.map((key) => (
              <MultiSelect
                key={key}
                filterKey={key}
                label={t(`filters.${key}`)}
                options={options[key]}
                selected={filters[key]}
                onChange={(codes) => setList(key, codes)}
                hint={
                  key === 'province' && pinned
                    ? t('filters.pinnedHint')
                    : (key === 'park' || key === 'cluster') && filters.province.length > 0
                      ? t('filters.narrowedBy')
                      : undefined
                }
              />
            ))
          : null}
        {period ? (
          <span className="year-range">
            <label>
              <span className="visually-hidden">{t('filters.from')}</span>
              <select
                className="select"
                value={period.from}
                onChange={(e) => setYear('from', e.target.value)}
                data-filter="from"
              >
                {yearList.map((y) => (
                  <option key={y} value={y}>
                    {`${t('filters.from')} ${fmt.year(y)}`}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="visually-hidden">{t('filters.to')}</span>
              <select
                className="select"
                value={period.to}
                onChange={(e) => setYear('to', e.target.value)}
                data-filter="to"
              >
                {yearList.map((y) => (
                  <option key={y} value={y}>
                    {`${t('filters.to')} ${fmt.year(y)}`}
                  </option>
                ))}
              </select>
            </label>
          </span>
        ) : null}
        {activeFilterCount(urlFilters) > 0 ? (
          <button type="button" className="btn" onClick={() => setFilters(EMPTY_FILTERS)}>
            {t('filters.reset')}
          </button>
        ) : null}
      </div>
      <FilterChips
        filters={filters}
        urlFilters={urlFilters}
        pinned={pinned}
        period={period}
        scope={scope ?? 'all'}
        options={options}
        onChange={setFilters}
        onLeavePinned={() => leavePinned([])}
      />
      {outside.length > 0 && scope !== undefined && scope !== 'all' ? (
        <p className="notice" role="status" data-testid="scope-notice">
          {t('scope.outside', {
            allowed: provinceNames(scope, name, lang),
            provinces: provinceNames(outside, name, lang),
          })}
        </p>
      ) : null}
      {filterError ? (
        <p className="notice" role="alert" dir="auto">
          {t('filters.invalid', { message: filterError })}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The page's state as chips: each list filter (removable; a route-pinned province leaves the
 * page), then what is always in force — the account's provinces when none is chosen, and the
 * period the page answers (removable only when the URL names it).
 */
function FilterChips({
  filters,
  urlFilters,
  pinned,
  period,
  scope,
  options,
  onChange,
  onLeavePinned,
}: {
  filters: Filters;
  urlFilters: Filters;
  pinned: string | null;
  period: Period | null;
  scope: 'all' | readonly string[];
  options: Record<ListKey, FilterOption[]> | null;
  onChange: (next: Filters) => void;
  onLeavePinned: () => void;
}) {
  const { t, fmt, lang, name } = useLocale();
  const chips: { id: string; name: string; value: string; remove: (() => void) | null }[] = [];
  for (const key of LIST_KEYS) {
    for (const code of filters[key]) {
      const isPinned = key === 'province' && code === pinned;
      chips.push({
        id: `${key}:${code}`,
        name: t(`filters.${key}`),
        value: options ? optionLabel(options[key], code) : code,
        remove: isPinned
          ? onLeavePinned
          : () =>
              onChange(
                setListValues(
                  urlFilters,
                  key,
                  (urlFilters[key] as string[]).filter((c) => c !== code),
                ),
              ),
      });
    }
  }
  const anyList = chips.length > 0;
  if (filters.province.length === 0 && scope !== 'all') {
    chips.unshift({
      id: 'scope',
      name: t('filters.province'),
      value: t('filters.scopeChip', { provinces: provinceNames(scope, name, lang) }),
      remove: null,
    });
  }
  if (period) {
    const explicit = !isDefaultPeriod(filters);
    const range = fmt.yearRange(period.from, period.to);
    chips.push({
      id: 'years',
      name: t('filters.years'),
      value: explicit ? range : `${range} ${t('caption.wholeRange')}`,
      remove: explicit ? () => onChange({ ...urlFilters, from: undefined, to: undefined }) : null,
    });
  }
  return (
    <div className="chips" aria-label={t('filters.active')} role="group">
      <span className="visually-hidden">{t('filters.active')}</span>
      {!anyList && scope === 'all' ? <span className="chips-none">{t('filters.none')}</span> : null}
      {chips.map((chip) =>
        chip.remove ? (
          <button
            key={chip.id}
            type="button"
            className="chip"
            data-chip={chip.id}
            aria-label={t('filters.removeChip', { name: chip.name, value: chip.value })}
            onClick={chip.remove}
          >
            <span>
              {chip.name}: <bdi>{chip.value}</bdi>
            </span>
            <span className="chip-x" aria-hidden="true">
              ×
            </span>
          </button>
        ) : (
          <span key={chip.id} className="chip chip-fixed" data-chip={chip.id}>
            {chip.name}: <bdi>{chip.value}</bdi>
          </span>
        ),
      )}
    </div>
  );
}
