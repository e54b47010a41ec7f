import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import { METRICS, type Metric, type MetricValues } from '../domain/metrics.ts';
import type { Scope } from '../domain/scope.ts';
import { getGroupedMetrics, type GroupedRow } from '../engine/execute/grouped-metrics.ts';
import { compareGroupedRows, toMetricValues } from '../engine/execute/metric-values.ts';
import { nameKeys, type KeyName } from './names.ts';
import { memoryFactsOf, type MemoryFacts } from '../engine/facts/memory-facts.ts';
import {
  ALL_FACTS,
  planFor,
  workerOptions,
  type QueryOptions,
  type ReadPlan,
} from '../engine/planner/query-plan.ts';
import { getReferenceMaps } from '../engine/facts/reference-lookup.ts';
import { resolveFilters } from '../engine/filters/resolve-filters.ts';
import { memoryUnitPage } from '../engine/memory/unit-page.ts';

export const DRILL_LEVELS = ['park', 'cluster', 'unit'] as const;
export type DrillLevel = (typeof DRILL_LEVELS)[number];
export const MAX_PAGE_SIZE = 200;

export interface DrillOptions {
  level: DrillLevel;
  sort?: Metric | 'name' | 'code';
  order?: 'asc' | 'desc';
  /** 0-based */
  page?: number;
  /** At most MAX_PAGE_SIZE; `'all'` (exports, never the API) returns the whole selection. */
  pageSize?: number | 'all';
  /**
   * Rows offset .. offset + count − 1 of the whole list, whatever their number (exports read a
   * long list in slices, never the API); replaces page and pageSize.
   */
  slice?: { offset: number; count: number };
}

export type DrillRow = {
  code: string;
  nameFa: string;
  nameEn: string;
  province: string;
  sector?: string;
  park?: string | null;
  cluster?: string | null;
} & MetricValues;

export interface DrillResult {
  level: DrillLevel;
  /** Rows in the whole selection (all pages). */
  total: number;
  rows: DrillRow[];
}

/**
 * The parks, clusters or units inside a selection with their metrics, sorted and paged.
 *
 * A list is the population of its count (docs/metrics.md): the units listed are exactly the
 * units counted (an employment row in `to`, size in `to`), so `total` equals the `units` metric
 * of the same filters. Parks and clusters are groups of units *and* grants: one appears when it
 * holds a counted unit or a disbursed grant of the period, so its rows' flows add up (the page
 * labels that list so).
 */
export async function getDrill(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  input: DrillOptions,
  options: QueryOptions = {},
): Promise<DrillResult> {
  const rf = await resolveFilters(db, scope, filters);
  const plan = await planFor(
    db,
    { query: 'drill', reads: [{ rf, dims: [input.level], needs: ALL_FACTS }] },
    options,
  );
  if (plan.runs === 'worker' && options.pool) {
    return options.pool.run('getDrill', [scope, filters, input, workerOptions(options, plan)]);
  }
  const [read] = plan.reads;
  if (!read) throw new Error('drill plan without a read');
  const sort = input.sort ?? 'units';
  const order = input.order ?? (sort === 'name' || sort === 'code' ? 'asc' : 'desc');
  const { offset, count } = input.slice ?? pageOf(input);
  const memory = input.level === 'unit' ? unitFacts(db, read) : null;
  if (memory) {
    // A million units: a page from the fact columns, never a million grouped rows.
    // An export's slices (`slice`) keep the whole order between them (kept-order.ts).
    const keep = input.slice !== undefined;
    const { total, rows } = memoryUnitPage(memory, rf, sort, order, offset, count, keep);
    return { level: input.level, total, rows: await drillRows(db, input.level, rows) };
  }
  const facts = await getGroupedMetrics(db, rf, read);
  // A unit with only grants (no employment row in `to`) is not among the units counted.
  const grouped = input.level === 'unit' ? facts.filter((g) => g.units > 0) : facts;
  const id = (g: GroupedRow) => g.ids[0] ?? 0;

  let ordered: GroupedRow[];
  let names: Map<number, KeyName> | undefined;
  if (sort === 'name' || sort === 'code') {
    const sorted = await nameKeys(db, input.level, grouped.map(id));
    const field = sort === 'name' ? 'nameFa' : 'key';
    const sign = order === 'asc' ? 1 : -1;
    ordered = grouped.sort(
      (a, b) =>
        sign *
          (sorted.get(id(a))?.[field] ?? '').localeCompare(
            sorted.get(id(b))?.[field] ?? '',
            'fa',
          ) || id(a) - id(b),
    );
    names = sorted;
  } else {
    const cmp = compareGroupedRows(sort, order);
    ordered = grouped.sort((a, b) => cmp(a, b) || id(a) - id(b));
  }
  const pageRows = count === null ? ordered : ordered.slice(offset, offset + count);
  const rows = await drillRows(
    db,
    input.level,
    pageRows.map((g) => ({ id: id(g), values: toMetricValues(g) })),
    names,
  );
  return { level: input.level, total: grouped.length, rows };
}

/** The rows a page asks for: its offset, and how many (null: all). */
function pageOf(input: DrillOptions): { offset: number; count: number | null } {
  if (input.pageSize === 'all') return { offset: 0, count: null };
  const pageSize = Math.min(input.pageSize ?? 50, MAX_PAGE_SIZE);
  return { offset: (input.page ?? 0) * pageSize, count: pageSize };
}

/**
 * The in-memory facts when the plan reads every fact family of a unit drill from them (the
 * query worker that holds them), else null.
 */
function unitFacts(db: Kysely<Database>, read: ReadPlan): MemoryFacts | null {
  const fromMemory =
    read.units === 'memory' &&
    read.grants === 'memory' &&
    (read.change === null || read.change === 'memory') &&
    read.supported === 'with-grants';
  return fromMemory ? memoryFactsOf(db) : null;
}

/** The page's members as drill rows: code, names and attributes beside their metrics. */
async function drillRows(
  db: Kysely<Database>,
  level: DrillLevel,
  page: { id: number; values: MetricValues }[],
  known?: Map<number, KeyName>,
): Promise<DrillRow[]> {
  const ids = page.map((r) => r.id);
  // Units: names and attributes from one read of `units` (at `large` 11 ms of SQLite's CPU for
  // 2,500 units, where the two reads took 19: an export slice's largest part).
  const unitNames = level === 'unit' && !known ? new Map<number, KeyName>() : null;
  const [names, attrs] = unitNames
    ? [unitNames, await memberAttributes(db, level, ids, unitNames)]
    : await Promise.all([known ?? nameKeys(db, level, ids), memberAttributes(db, level, ids)]);
  return page.flatMap(({ id, values }) => {
    const n = names.get(id);
    const a = attrs.get(id);
    if (!n || !a) return [];
    return [{ code: n.key, nameFa: n.nameFa, nameEn: n.nameEn, ...a, ...values }];
  });
}

const ATTRIBUTE_CHUNK = 5000;

type Attributes = Pick<DrillRow, 'province' | 'sector' | 'park' | 'cluster'>;

/** Province (and sector, park, cluster where the level has them) of each member, as codes. */
async function memberAttributes(
  db: Kysely<Database>,
  level: DrillLevel,
  ids: number[],
  unitNames: Map<number, KeyName> | null = null,
): Promise<Map<number, Attributes>> {
  const out = new Map<number, Attributes>();
  if (ids.length === 0) return out;
  // Bounded `in (…)` lists: a whole selection exceeds the engines' bind-parameter limits.
  if (ids.length > ATTRIBUTE_CHUNK) {
    for (let i = 0; i < ids.length; i += ATTRIBUTE_CHUNK) {
      const part = await memberAttributes(db, level, ids.slice(i, i + ATTRIBUTE_CHUNK), unitNames);
      for (const [id, a] of part) out.set(id, a);
    }
    return out;
  }
  const refs = await getReferenceMaps(db);
  const province = (pid: unknown) => refs.provinces.byId.get(Number(pid))?.code ?? '';
  const sector = (sid: unknown) => refs.sectors.byId.get(Number(sid))?.code ?? '';
  if (level === 'park') {
    const rows = await db
      .selectFrom('parks')
      .select(['id', 'province_id'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) out.set(Number(r.id), { province: province(r.province_id) });
  } else if (level === 'cluster') {
    const rows = await db
      .selectFrom('clusters')
      .select(['id', 'province_id', 'sector_id'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) {
      out.set(Number(r.id), { province: province(r.province_id), sector: sector(r.sector_id) });
    }
  } else {
    // Park and cluster codes by a lookup per row, not joins: PostgreSQL hash-joined all parks and
    // clusters for a page of 50 units (large: 2.9 ms executing vs 0.6 by lookups); SQLite looks
    // them up by key either way.
    const rows = await db
      .selectFrom('units as u')
      .select((eb) => [
        'u.id',
        'u.province_id',
        'u.sector_id',
        eb.selectFrom('parks as p').select('p.code').whereRef('p.id', '=', 'u.park_id').as('park'),
        eb
          .selectFrom('clusters as c')
          .select('c.code')
          .whereRef('c.id', '=', 'u.cluster_id')
          .as('cluster'),
      ])
      .$if(unitNames !== null, (q) => q.select(['u.code', 'u.name_fa']))
      .where('u.id', 'in', ids)
      .execute();
    for (const r of rows) {
      // A unit has only a Persian name, for both languages (as nameKeys names it).
      if (unitNames && r.code !== undefined && r.name_fa !== undefined) {
        unitNames.set(Number(r.id), { key: r.code, nameFa: r.name_fa, nameEn: r.name_fa });
      }
      out.set(Number(r.id), {
        province: province(r.province_id),
        sector: sector(r.sector_id),
        park: r.park,
        cluster: r.cluster,
      });
    }
  }
  return out;
}

/** Sort keys the drill accepts. */
export const DRILL_SORTS = [...METRICS, 'name', 'code'] as const;
