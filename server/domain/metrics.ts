/**
 * The metric catalogue (DESIGN §5): one definition each, used by every chart, export and slide.
 * Unit metrics (units, employment, employmentChange) ignore support category/heading filters;
 * support metrics (supportedUnits, grants, amount) honour them. Size class is a property of a
 * unit-year: unit metrics use the size in year `to`, support metrics the size in the grant's year.
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

export interface MetricDef {
  id: Metric;
  kind: MetricKind;
  /** Can values for disjoint groups be summed into a total? Distinct counts and ratios cannot. */
  additive: boolean;
  /** Does the support category/heading filter apply? */
  usesSupportFilter: boolean;
  definition: { fa: string; en: string };
}

export const METRIC_DEFS: Record<Metric, MetricDef> = {
  units: {
    id: 'units',
    kind: 'count',
    additive: true,
    usesSupportFilter: false,
    definition: {
      en: 'Production units with an employment record in the last year of the range',
      fa: 'واحدهای تولیدی دارای سابقه اشتغال در آخرین سال بازه',
    },
  },
  employment: {
    id: 'employment',
    kind: 'people',
    additive: true,
    usesSupportFilter: false,
    definition: {
      en: 'Employees of those units in the last year of the range',
      fa: 'شاغلان همان واحدها در آخرین سال بازه',
    },
  },
  supportedUnits: {
    id: 'supportedUnits',
    kind: 'count',
    additive: false,
    usesSupportFilter: true,
    definition: {
      en: 'Distinct units with at least one disbursed grant in the range under the selected headings',
      fa: 'واحدهای متمایزی که در بازه دست‌کم یک حمایت پرداخت‌شده در سرفصل‌های انتخابی گرفته‌اند',
    },
  },
  coverage: {
    id: 'coverage',
    kind: 'ratio',
    additive: false,
    usesSupportFilter: true,
    definition: {
      en: 'Supported units as a share of units',
      fa: 'نسبت واحدهای حمایت‌شده به کل واحدها',
    },
  },
  grants: {
    id: 'grants',
    kind: 'count',
    additive: true,
    usesSupportFilter: true,
    definition: {
      en: 'Disbursed grants in the range',
      fa: 'حمایت‌های پرداخت‌شده در بازه',
    },
  },
  amount: {
    id: 'amount',
    kind: 'money',
    additive: true,
    usesSupportFilter: true,
    definition: {
      en: 'Sum of disbursed amounts in the range (rials, exact)',
      fa: 'جمع مبالغ پرداخت‌شده در بازه (ریال، دقیق)',
    },
  },
  employmentChange: {
    id: 'employmentChange',
    kind: 'delta',
    additive: true,
    usesSupportFilter: false,
    definition: {
      en: 'Employment in the last year minus employment in the first year, for units present in both',
      fa: 'اشتغال آخرین سال منهای اشتغال نخستین سال، برای واحدهای موجود در هر دو سال',
    },
  },
};

/** Money totals travel as decimal strings so they stay exact beyond 2^53. */
export type MoneyString = string;

export interface MetricValues {
  units: number;
  employment: number;
  supportedUnits: number;
  /** supportedUnits / units; null when there are no units. */
  coverage: number | null;
  grants: number;
  amount: MoneyString;
  employmentChange: number;
}
