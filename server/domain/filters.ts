// zod/mini (same schemas, functional API) so the client's URL parsing stays light: this module is in
// the app's first download, and zod's method-chaining build is ~20 KB gzip more (issue #4).
import * as z from 'zod/mini';
import { toLatinDigits } from './digits.ts';
import { CATEGORY_CODES, HEADING_CODES, PROVINCE_CODES, SECTOR_CODES } from './reference.ts';
import { SIZE_CLASSES } from './size.ts';

/**
 * The filter state of DESIGN §3, shared by pages, exports and briefings. One schema: the URL
 * parser, the tRPC input and the export endpoints all validate with it.
 */

/** Jalali years the product accepts in a filter (data outside the dataset simply comes back empty). */
export const MIN_YEAR = 1350;
export const MAX_YEAR = 1450;

const MAX_LIST = 200;

function enumList<T extends string>(values: readonly T[], what: string) {
  const allowed = new Set<string>(values);
  return z.pipe(
    z.array(z.string()).check(
      z.maxLength(MAX_LIST),
      z.superRefine((codes, ctx) => {
        for (const code of codes) {
          if (!allowed.has(code)) {
            ctx.addIssue({ code: 'custom', message: `unknown ${what} code "${code}"` });
          }
        }
      }),
    ),
    z.transform((codes: string[]) => [...new Set(codes)] as T[]),
  );
}

/** Park and cluster codes are data, not reference: here only their shape is checked. */
function dataCodeList(what: string) {
  return z.pipe(
    z
      .array(
        z.string().check(z.maxLength(32), z.regex(/^[A-Za-z0-9_.-]+$/, `malformed ${what} code`)),
      )
      .check(z.maxLength(MAX_LIST)),
    z.transform((codes: string[]) => [...new Set(codes)]),
  );
}

const year = z
  .number({ error: 'year must be a number' })
  .check(
    z.int('year must be a whole Jalali year'),
    z.minimum(MIN_YEAR, `year must be ${MIN_YEAR} or later`),
    z.maximum(MAX_YEAR, `year must be ${MAX_YEAR} or earlier`),
  );

export const filtersSchema = z
  .object({
    province: z._default(enumList(PROVINCE_CODES, 'province'), []),
    park: z._default(dataCodeList('park'), []),
    cluster: z._default(dataCodeList('cluster'), []),
    sector: z._default(enumList(SECTOR_CODES, 'sector'), []),
    size: z._default(enumList(SIZE_CLASSES, 'size class'), []),
    category: z._default(enumList(CATEGORY_CODES, 'support category'), []),
    heading: z._default(enumList(HEADING_CODES, 'support heading'), []),
    /** Jalali year range; when absent the dataset's own range applies. */
    from: z.optional(year),
    to: z.optional(year),
  })
  .check(
    z.refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
      message: 'year range is inverted: "from" must not be after "to"',
      path: ['from'],
    }),
  );

export type Filters = z.output<typeof filtersSchema>;
export type FiltersInput = z.input<typeof filtersSchema>;

export const LIST_KEYS = [
  'province',
  'park',
  'cluster',
  'sector',
  'size',
  'category',
  'heading',
] as const;
export type ListKey = (typeof LIST_KEYS)[number];

export const EMPTY_FILTERS: Filters = {
  province: [],
  park: [],
  cluster: [],
  sector: [],
  size: [],
  category: [],
  heading: [],
};

type ParamSource = URLSearchParams | Record<string, string | undefined>;

function param(source: ParamSource, key: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(key) : source[key];
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads filters from URL parameters (`province=IR-10,IR-23&from=1398&to=1403`). Persian digits are
 * accepted in years. Returns zod's result so callers can turn issues into a readable message.
 */
export function parseFilterParams(source: ParamSource) {
  const raw: Record<string, unknown> = {};
  for (const key of LIST_KEYS) {
    const value = param(source, key);
    if (value !== undefined) {
      raw[key] = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
  }
  for (const key of ['from', 'to'] as const) {
    const value = param(source, key);
    if (value !== undefined) {
      const latin = toLatinDigits(value.trim());
      raw[key] = /^-?\d+$/.test(latin) ? Number(latin) : latin;
    }
  }
  return filtersSchema.safeParse(raw);
}

/** Writes filters as URL parameters in a stable order, omitting what is empty. */
export function filtersToParams(filters: Partial<Filters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    const list = filters[key];
    if (list && list.length > 0) params.set(key, list.join(','));
  }
  if (filters.from !== undefined) params.set('from', String(filters.from));
  if (filters.to !== undefined) params.set('to', String(filters.to));
  return params;
}

/** One readable line from a zod error: "province: unknown province code "IR-99"". */
export function describeFilterError(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
