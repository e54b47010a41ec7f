import { useMemo } from 'react';
import { LIST_KEYS, type Filters, type ListKey } from '../../server/domain/filters.ts';
import { useLocale } from '../lib/locale.ts';
import { provinceNames } from '../lib/province-names.ts';
import { useDimensions } from '../lib/queries.ts';
import { useOutsideScope, useSessionUser } from '../lib/session.ts';
import { activeFilterCount, setListValues } from '../lib/url-state.ts';
import { useViewState } from '../lib/use-view-state.ts';
import { MultiSelect } from './MultiSelect.tsx';
import { buildFilterOptions, optionLabel, type FilterOption } from './filter-options.ts';
import type { MessageKey } from '../i18n/index.ts';

/**
 * The global filter bar (DESIGN §3): a multi-select per list filter, the year range, the active
 * filters as removable chips and one reset. Everything reads and writes the URL.
 */
export function FilterBar() {
  const { t, lang, fmt, name } = useLocale();
  const { filters, setFilters, filterError } = useViewState();
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
  const years = dimensions.data?.years;
  const yearList = years
    ? Array.from({ length: years.max - years.min + 1 }, (_, i) => years.min + i)
    : [];
  const setList = (key: ListKey, codes: string[]) =>
    setFilters((current) => setListValues(current, key, codes));
  const setYear = (which: 'from' | 'to', value: string) =>
    setFilters((current) => {
      const next: Filters = { ...current, [which]: value === '' ? undefined : Number(value) };
      // Keep the range valid: moving one end past the other drags it along.
      if (next.from !== undefined && next.to !== undefined && next.from > next.to) {
        if (which === 'from') next.to = next.from;
        else next.from = next.to;
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
                  (key === 'park' || key === 'cluster') && filters.province.length > 0
                    ? t('filters.narrowedBy')
                    : undefined
                }
              />
            ))
          : null}
        {years ? (
          <span className="year-range">
            <label>
              <span className="visually-hidden">{t('filters.from')}</span>
              <select
                className="select"
                value={filters.from ?? ''}
                onChange={(e) => setYear('from', e.target.value)}
                data-filter="from"
              >
                <option value="">{`${t('filters.from')}: ${fmt.year(years.min)}`}</option>
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
                value={filters.to ?? ''}
                onChange={(e) => setYear('to', e.target.value)}
                data-filter="to"
              >
                <option value="">{`${t('filters.to')}: ${fmt.year(years.max)}`}</option>
                {yearList.map((y) => (
                  <option key={y} value={y}>
                    {`${t('filters.to')} ${fmt.year(y)}`}
                  </option>
                ))}
              </select>
            </label>
          </span>
        ) : null}
        {activeFilterCount(filters) > 0 ? (
          <button
            type="button"
            className="btn"
            onClick={() =>
              setFilters({
                province: [],
                park: [],
                cluster: [],
                sector: [],
                size: [],
                category: [],
                heading: [],
              })
            }
          >
            {t('filters.reset')}
          </button>
        ) : null}
      </div>
      <FilterChips filters={filters} options={options} onChange={setFilters} />
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

/** Active filters as chips; each removes its value on click. */
function FilterChips({
  filters,
  options,
  onChange,
}: {
  filters: Filters;
  options: Record<ListKey, FilterOption[]> | null;
  onChange: (next: Filters) => void;
}) {
  const { t, fmt } = useLocale();
  const chips: { id: string; name: string; value: string; remove: () => void }[] = [];
  for (const key of LIST_KEYS) {
    for (const code of filters[key]) {
      chips.push({
        id: `${key}:${code}`,
        name: t(`filters.${key}`),
        value: options ? optionLabel(options[key], code) : code,
        remove: () =>
          onChange(
            setListValues(
              filters,
              key,
              (filters[key] as string[]).filter((c) => c !== code),
            ),
          ),
      });
    }
  }
  if (filters.from !== undefined || filters.to !== undefined) {
    chips.push({
      id: 'years',
      name: t('filters.years'),
      value: fmt.span(
        filters.from !== undefined ? fmt.year(filters.from) : '…',
        filters.to !== undefined ? fmt.year(filters.to) : '…',
      ),
      remove: () => onChange({ ...filters, from: undefined, to: undefined }),
    });
  }
  return (
    <div className="chips" aria-label={t('filters.active')} role="group">
      <span className="visually-hidden">{t('filters.active')}</span>
      {chips.length === 0 ? <span className="chips-none">{t('filters.none')}</span> : null}
      {chips.map((chip) => (
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
      ))}
    </div>
  );
}
