/**
 * The period rule (docs/metrics.md, "The period"): which Jalali years a view answers. Written
 * once, here, and used by the server (every query, export and briefing through resolveFilters)
 * and by the client (year pickers, captions, KPI cards), so a page, its slide, its file and a
 * saved view of it never answer different years for the same URL.
 *
 * When the URL names no year, a view answers for **the dataset's whole range**: from its first
 * year to its last year of employment records. The whole range, not the latest year, because it
 * is what an unfiltered URL has always meant to the exports, the province table and the saved
 * views, and the only default under which a trend, a heat map by year and a KPI card can all
 * answer the same period. It ends at the last year of employment records because every unit
 * metric is counted in `to`: grants loaded for a year whose census is not in yet would otherwise
 * make the default page show no units at all.
 */

/** The years a dataset holds (meta.dimensions `years`). */
export interface DataYears {
  /** First and last year holding any fact: an employment row or a disbursed grant. */
  min: number;
  max: number;
  /** Last year with employment records (units are counted there); null when there are none. */
  lastUnits: number | null;
}

export interface Period {
  from: number;
  to: number;
}

/** The years a URL may name, as far as the rule is concerned. */
export interface YearFilters {
  from?: number | undefined;
  to?: number | undefined;
}

/** The whole range: the dataset's first year to its last year of employment records. */
export function defaultPeriod(years: DataYears): Period {
  const to = years.lastUnits ?? years.max;
  return { from: Math.min(years.min, to), to };
}

/**
 * The period a view answers: the URL's years where it names them, the whole range for what it
 * leaves open. One open end takes the default, unless that would invert the range: `to` alone
 * before the data starts is the one year `to`, `from` alone after the default end is `from..from`.
 * With no data at all, `fallbackYear` (the current Jalali year) stands in.
 */
export function effectivePeriod(
  filters: YearFilters,
  years: DataYears | null,
  fallbackYear: number,
): Period {
  const whole = years ? defaultPeriod(years) : { from: fallbackYear, to: fallbackYear };
  const from = filters.from ?? whole.from;
  const to = filters.to ?? whole.to;
  if (from <= to) return { from, to };
  return filters.from === undefined ? { from: to, to } : { from, to: from };
}

/** Does the URL leave the period open (so the view follows the data's whole range)? */
export function isDefaultPeriod(filters: YearFilters): boolean {
  return filters.from === undefined && filters.to === undefined;
}

/** Is this period the dataset's whole range (named or not)? */
export function isWholeRange(period: Period, years: DataYears | null): boolean {
  if (!years) return false;
  const whole = defaultPeriod(years);
  return period.from === whole.from && period.to === whole.to;
}

/**
 * The same-length period just before (change arrows): 1401–1402 → 1399–1400. Null when it would
 * start before the data, so a comparison never silently covers years without records.
 */
export function previousPeriod(period: Period, years: DataYears | null): Period | null {
  const n = period.to - period.from + 1;
  const prev = { from: period.from - n, to: period.to - n };
  return years !== null && prev.from >= years.min ? prev : null;
}

/** The years a picker offers: every year of the data, in order. */
export function yearOptions(years: DataYears | null): number[] {
  if (!years || years.max < years.min) return [];
  return Array.from({ length: years.max - years.min + 1 }, (_, i) => years.min + i);
}
