import { z } from 'zod';
import { DIMENSIONS, TIME_GRAINS } from '../domain/dimensions.ts';
import { describeFilterError, parseFilterParams, type Filters } from '../domain/filters.ts';
import type { DigitStyle } from '../domain/format.ts';
import { METRICS } from '../domain/metrics.ts';
import { MAX_BREAKDOWN_LIMIT } from '../queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS } from '../queries/drill.ts';
import { GRANT_STATUSES } from '../engine/sql/raw-lists.ts';
import type { Lang } from './table.ts';

/**
 * An export request: `/api/export/<view>.<csv|xlsx>?<the page URL's parameters>`. Filters are
 * parsed by the one filter parser (server/domain/filters.ts); page parameters the export does not
 * use (`chart`, `map`, `page`…) are ignored, so a page URL's query can be passed as is.
 */

export const EXPORT_VIEWS = [
  'summary',
  'breakdown',
  'provinces',
  'timeseries',
  'drill',
  'units',
  'grants',
  'impact',
] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A request the caller got wrong: 404 for an unknown file, 400 for bad parameters. */
export class ExportRequestError extends Error {
  override name = 'ExportRequestError';
  constructor(
    /** 422: the request is valid but its answer does not fit the format (an Excel sheet). */
    readonly status: 400 | 404 | 422,
    message: string,
    readonly messageFa: string,
  ) {
    super(message);
  }
}

const list = <T extends string>(values: readonly T[]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values as [T, ...T[]])).min(1));

const order = z.enum(['asc', 'desc']).optional();

const breakdownSchema = z.object({
  by: z.enum(DIMENSIONS, { error: `by: one of ${DIMENSIONS.join(', ')} is required` }),
  by2: z.enum(DIMENSIONS).optional(),
  metrics: list(METRICS).optional(),
  sort: z.enum(METRICS).optional(),
  /** The page's selected metric; the sort when `sort` is absent. */
  metric: z.enum(METRICS).optional(),
  order,
  limit: z.coerce.number().int().min(1).max(MAX_BREAKDOWN_LIMIT).optional(),
  total: z.enum(['0', '1']).optional(),
});

const provincesSchema = breakdownSchema.omit({ by: true, by2: true, limit: true });

const timeseriesSchema = z.object({ grain: z.enum(TIME_GRAINS).default('year') });

const drillSchema = z.object({
  level: z.enum(DRILL_LEVELS, { error: `level: one of ${DRILL_LEVELS.join(', ')} is required` }),
  sort: z.enum(DRILL_SORTS).optional(),
  metric: z.enum(METRICS).optional(),
  order,
});

const grantsSchema = z.object({
  status: z
    .union([z.literal('all'), list(GRANT_STATUSES)])
    .optional()
    .transform((s) => (s === 'all' ? [...GRANT_STATUSES] : (s ?? ['disbursed' as const]))),
});

const impactSchema = z.object({
  /** `category`: the comparison once per support category, as the impact page's bar chart. */
  by: z.enum(['category']).optional(),
});

const empty = z.object({});

export const VIEW_SCHEMAS = {
  summary: empty,
  breakdown: breakdownSchema,
  provinces: provincesSchema,
  timeseries: timeseriesSchema,
  drill: drillSchema,
  units: empty,
  grants: grantsSchema,
  impact: impactSchema,
} as const;

export type ViewOptions = { [V in ExportView]: z.output<(typeof VIEW_SCHEMAS)[V]> };

const commonSchema = z.object({
  lang: z.enum(['fa', 'en']).default('fa'),
  header: z.enum(['labels', 'keys']).default('labels'),
  bom: z.enum(['0', '1']).default('1'),
  /** The page's digit style (`digits=`), for the sentences of the key-messages sheet. */
  digits: z.enum(['persian', 'latin']).optional(),
});

interface RequestBase<V extends ExportView> {
  view: V;
  format: ExportFormat;
  lang: Lang;
  /** Digits of the key-messages sentences: the page's, by default the language's own. */
  digits: DigitStyle;
  /** Header row: names in `lang`, or stable machine keys. */
  header: 'labels' | 'keys';
  /** CSV only: start with a UTF-8 byte-order mark (Excel then reads Persian correctly). */
  bom: boolean;
  filters: Filters;
  options: ViewOptions[V];
}

export type ExportRequest = { [V in ExportView]: RequestBase<V> }[ExportView];

function badRequest(detail: string): ExportRequestError {
  return new ExportRequestError(400, detail, `پارامترهای خروجی نامعتبر است: ${detail}`);
}

/** URL parameters as a plain object, blank values dropped (as the page treats them). */
function paramsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (value.trim() !== '') out[key] = value.trim();
  return out;
}

/**
 * Parses `provinces.csv` and the query string into an export request.
 * @throws ExportRequestError 404 for an unknown view or format, 400 for bad parameters.
 * @example parseExportRequest('breakdown.xlsx', new URLSearchParams('by=sector&from=1400&lang=en'))
 */
export function parseExportRequest(file: string, params: URLSearchParams): ExportRequest {
  const match = /^([a-z]+)\.([a-z]+)$/.exec(file);
  const view = EXPORT_VIEWS.find((v) => v === match?.[1]);
  const format = EXPORT_FORMATS.find((f) => f === match?.[2]);
  if (!view || !format) {
    return notFound(file);
  }
  const raw = paramsObject(params);
  const filters = parseFilterParams(raw);
  if (!filters.success) throw badRequest(describeFilterError(filters.error));
  const common = commonSchema.safeParse(raw);
  if (!common.success) throw badRequest(describeFilterError(common.error));
  const options = VIEW_SCHEMAS[view].safeParse(raw);
  if (!options.success) throw badRequest(describeFilterError(options.error));
  return {
    view,
    format,
    lang: common.data.lang,
    digits: common.data.digits ?? (common.data.lang === 'fa' ? 'persian' : 'latin'),
    header: common.data.header,
    bom: common.data.bom === '1',
    filters: filters.data,
    options: options.data,
  } as ExportRequest;
}

function notFound(file: string): never {
  throw new ExportRequestError(
    404,
    `No export "${file}": use <view>.csv or <view>.xlsx with view one of ${EXPORT_VIEWS.join(', ')}`,
    `خروجی «${file}» وجود ندارد: یکی از ${EXPORT_VIEWS.join('، ')} با پسوند csv یا xlsx`,
  );
}
