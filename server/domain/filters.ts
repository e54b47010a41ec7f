import { toLatinDigits } from './digits.ts';
import { CATEGORY_CODES, HEADING_CODES, PROVINCE_CODES, SECTOR_CODES } from './reference.ts';
import { SIZE_CLASSES, type SizeClass } from './size.ts';

/**
 * The filter state of DESIGN §3, shared by pages, exports and briefings, and its one validation
 * (`checkFilters`): the URL parser, the tRPC input (filters-schema.ts wraps it for zod) and the
 * export endpoints all use it. Plain TypeScript, not a zod schema, because this module is in the
 * dashboard's first download and zod would add ~7 KB gzip to it (issue #4).
 */

/** Jalali years the product accepts in a filter (data outside the dataset simply comes back empty). */
export const MIN_YEAR = 1350;
export const MAX_YEAR = 1450;

const MAX_LIST = 200;
const MAX_DATA_CODE = 32;
const DATA_CODE = /^[A-Za-z0-9_.-]+$/;

/** Valid filters: lists of distinct codes (empty = all), an optional Jalali year range. */
export interface Filters {
  province: string[];
  park: string[];
  cluster: string[];
  sector: string[];
  size: SizeClass[];
  category: string[];
  heading: string[];
  /** Jalali year range; when absent the dataset's own range applies. */
  from?: number;
  to?: number;
}

/** What a caller may send: every list optional (absent = empty). */
export type FiltersInput = { [K in ListKey]?: readonly string[] } & { from?: number; to?: number };

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

/** One problem with filter input: where (`['province']`, `['park', 2]`) and what, in words. */
export interface FilterIssue {
  path: (string | number)[];
  message: string;
}

export type FilterParseResult =
  { success: true; data: Filters } | { success: false; error: { issues: FilterIssue[] } };

/** Which codes each list accepts: reference codes are checked here, data codes by shape only. */
const LIST_RULES: Record<ListKey, { what: string; allowed?: ReadonlySet<string> }> = {
  province: { what: 'province', allowed: new Set(PROVINCE_CODES) },
  // Park and cluster codes are data, not reference: the queries report unknown ones.
  park: { what: 'park' },
  cluster: { what: 'cluster' },
  sector: { what: 'sector', allowed: new Set(SECTOR_CODES) },
  size: { what: 'size class', allowed: new Set<string>(SIZE_CLASSES) },
  category: { what: 'support category', allowed: new Set(CATEGORY_CODES) },
  heading: { what: 'support heading', allowed: new Set(HEADING_CODES) },
};

function checkList(key: ListKey, value: unknown, issues: FilterIssue[]): string[] {
  if (value === undefined) return [];
  const { what, allowed } = LIST_RULES[key];
  if (!Array.isArray(value)) {
    issues.push({ path: [key], message: `expected a list of ${what} codes` });
    return [];
  }
  if (value.length > MAX_LIST) {
    issues.push({ path: [key], message: `at most ${MAX_LIST} ${what} codes` });
  }
  const codes: string[] = [];
  value.forEach((code: unknown, index) => {
    if (typeof code !== 'string') {
      issues.push({ path: [key, index], message: `a ${what} code must be text` });
    } else if (allowed && !allowed.has(code)) {
      issues.push({ path: [key], message: `unknown ${what} code "${code}"` });
    } else if (!allowed && (code.length > MAX_DATA_CODE || !DATA_CODE.test(code))) {
      issues.push({ path: [key, index], message: `malformed ${what} code` });
    } else {
      codes.push(code);
    }
  });
  return [...new Set(codes)];
}

function checkYear(key: 'from' | 'to', value: unknown, issues: FilterIssue[]): number | undefined {
  if (value === undefined) return undefined;
  const before = issues.length;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    issues.push({ path: [key], message: 'year must be a number' });
    return undefined;
  }
  if (!Number.isInteger(value)) {
    issues.push({ path: [key], message: 'year must be a whole Jalali year' });
  }
  if (value < MIN_YEAR) issues.push({ path: [key], message: `year must be ${MIN_YEAR} or later` });
  if (value > MAX_YEAR)
    issues.push({ path: [key], message: `year must be ${MAX_YEAR} or earlier` });
  return issues.length === before ? value : undefined;
}

/**
 * Validates filter input (an object as `FiltersInput` describes) and normalises it: absent lists
 * become empty, repeated codes are kept once. Every problem is reported, each with its path.
 */
export function checkFilters(input: unknown): FilterParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      success: false,
      error: { issues: [{ path: [], message: 'filters must be an object' }] },
    };
  }
  const raw = input as Record<string, unknown>;
  const issues: FilterIssue[] = [];
  const lists = Object.fromEntries(
    LIST_KEYS.map((key) => [key, checkList(key, raw[key], issues)]),
  ) as Record<ListKey, string[]>;
  const from = checkYear('from', raw.from, issues);
  const to = checkYear('to', raw.to, issues);
  if (from !== undefined && to !== undefined && from > to) {
    issues.push({
      path: ['from'],
      message: 'year range is inverted: "from" must not be after "to"',
    });
  }
  if (issues.length > 0) return { success: false, error: { issues } };
  const data: Filters = { ...lists, size: lists.size as SizeClass[] };
  if (from !== undefined) data.from = from;
  if (to !== undefined) data.to = to;
  return { success: true, data };
}

type ParamSource = URLSearchParams | Record<string, string | undefined>;

function param(source: ParamSource, key: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(key) : source[key];
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Reads filters from URL parameters (`province=IR-10,IR-23&from=1398&to=1403`). Persian digits are
 * accepted in years. Callers turn a failure into a readable message with `describeFilterError`.
 */
export function parseFilterParams(source: ParamSource): FilterParseResult {
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
  return checkFilters(raw);
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

/**
 * One readable line from filter issues (or a zod error, same shape):
 * "province: unknown province code "IR-99"".
 */
export function describeFilterError(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
