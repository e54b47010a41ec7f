/**
 * The metric catalogue (DESIGN §5): one definition each, used by every chart, export and slide.
 * docs/metrics.md states the same rules at length, with examples and the national figures.
 *
 * Every question is asked of a period `from..to` (server/domain/period.ts says which period a
 * view answers when its URL names no year) and answered for ONE population of units:
 *
 * - **The counted units** of a period are the units with an employment row in year `to`, matching
 *   the unit filters (province, park, cluster, sector, the caller's scope) and, under a size
 *   filter, whose size class *in year `to`* is one of the chosen ones. `units` counts them.
 * - **A unit's size class** in a question is its size in year `to` — for every metric, so a size
 *   row's units, supported units and grants are all about the same units. A unit without an
 *   employment row in `to` has no size: it is outside every size filter and size group.
 * - **Ratios divide within one population**: `supportedUnits` counts only counted units, so
 *   coverage = supportedUnits / units lies in 0…1 by construction, on every row of every table.
 * - **Flows stay whole**: `grants` and `amount` count every disbursed grant of the period (under
 *   the unit and support filters), including grants of units that have no employment row in `to`
 *   (closed, or not reported that year) — money paid is money paid, and yearly amounts add up to
 *   the range's. Only a size filter or size group narrows them, to the units of that size in `to`.
 * - **Per-year rows** (a trend, `by=year`) evaluate each year y as the period y..y: the units of
 *   y, the grants of y, sizes in y.
 * - Unit metrics (units, employment, employmentChange) ignore the support category/heading
 *   filters; support metrics (supportedUnits, coverage's numerator, grants, amount) honour them.
 */
export const METRICS = [
  'units',
  'employment',
  'supportedUnits',
  'coverage',
  'grants',
  'amount',
  'employmentChange',
] as const;
export type Metric = (typeof METRICS)[number];

export type MetricKind = 'count' | 'people' | 'money' | 'ratio' | 'delta';

/**
 * Which years of the period a value speaks of, for captions that say it in words: `last` (the
 * units of year `to`), `range` (grants of from..to; supported units: of the units of `to`,
 * supported in from..to), `change` (year `to` against year `from`).
 */
export type MetricPeriod = 'last' | 'range' | 'change';

export interface MetricDef {
  id: Metric;
  kind: MetricKind;
  /** Can values for disjoint groups be summed into a total? Distinct counts and ratios cannot. */
  additive: boolean;
  /** Does the support category/heading filter apply? */
  usesSupportFilter: boolean;
  period: MetricPeriod;
  definition: { fa: string; en: string };
}

export const METRIC_DEFS: Record<Metric, MetricDef> = {
  units: {
    id: 'units',
    kind: 'count',
    additive: true,
    usesSupportFilter: false,
    period: 'last',
    definition: {
      en: 'Production units with an employment record in the last year of the period (size class: the size in that year)',
      fa: 'واحدهای تولیدی دارای سابقه اشتغال در آخرین سال دوره (اندازه: اندازه واحد در همان سال)',
    },
  },
  employment: {
    id: 'employment',
    kind: 'people',
    additive: true,
    usesSupportFilter: false,
    period: 'last',
    definition: {
      en: 'Employees of those units in the last year of the period',
      fa: 'شاغلان همان واحدها در آخرین سال دوره',
    },
  },
  supportedUnits: {
    id: 'supportedUnits',
    kind: 'count',
    additive: false,
    usesSupportFilter: true,
    period: 'range',
    definition: {
      en: 'Of the units counted (employment record in the last year of the period), those with at least one disbursed grant in the period under the selected headings',
      fa: 'از واحدهای شمرده‌شده (دارای سابقه اشتغال در آخرین سال دوره)، آن‌هایی که در دوره دست‌کم یک حمایت پرداخت‌شده در سرفصل‌های انتخابی گرفته‌اند',
    },
  },
  coverage: {
    id: 'coverage',
    kind: 'ratio',
    additive: false,
    usesSupportFilter: true,
    period: 'range',
    definition: {
      en: 'Supported units divided by units: the share of the units counted that were supported in the period (0–100%)',
      fa: 'واحدهای حمایت‌شده تقسیم بر واحدها: سهم واحدهای شمرده‌شده که در دوره حمایت گرفته‌اند (۰ تا ۱۰۰٪)',
    },
  },
  grants: {
    id: 'grants',
    kind: 'count',
    additive: true,
    usesSupportFilter: true,
    period: 'range',
    definition: {
      en: 'Disbursed grants in the period under the selected headings, including grants of units with no employment record in its last year (under a size filter: grants of the units of that size in the last year)',
      fa: 'حمایت‌های پرداخت‌شده در دوره در سرفصل‌های انتخابی، از جمله حمایت‌های واحدهایی که در آخرین سال دوره سابقه اشتغال ندارند (با فیلتر اندازه: حمایت‌های واحدهایی که در آخرین سال آن اندازه را دارند)',
    },
  },
  amount: {
    id: 'amount',
    kind: 'money',
    additive: true,
    usesSupportFilter: true,
    period: 'range',
    definition: {
      en: 'Sum of the disbursed amounts of those grants (rials, exact)',
      fa: 'جمع مبالغ پرداخت‌شده همان حمایت‌ها (ریال، دقیق)',
    },
  },
  employmentChange: {
    id: 'employmentChange',
    kind: 'delta',
    additive: true,
    usesSupportFilter: false,
    period: 'change',
    definition: {
      en: 'Employment in the last year minus employment in the first year of the period, for the units counted that also have a record in the first year',
      fa: 'اشتغال آخرین سال منهای اشتغال نخستین سال دوره، برای واحدهای شمرده‌شده‌ای که در نخستین سال هم سابقه دارند',
    },
  },
};

/** Money totals travel as decimal strings so they stay exact beyond 2^53. */
export type MoneyString = string;

export interface MetricValues {
  units: number;
  employment: number;
  supportedUnits: number;
  /** supportedUnits / units, within 0…1 (supportedUnits ⊆ units); null when there are no units. */
  coverage: number | null;
  grants: number;
  amount: MoneyString;
  employmentChange: number;
}
