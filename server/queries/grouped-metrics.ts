import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { and, filterPredicates, type Column, type Expr } from './filter-sql.ts';
import type { FactSource } from './fact-sources.ts';
import { money, num } from './metric-sql.ts';
import { memoryFactRows } from './memory-aggregate.ts';
import { memoryFactsOf, type MemoryFacts } from './memory-facts.ts';
import { planSources, type SupportedPlan } from './navigator.ts';
import { FINE_ROLLUPS } from './rollup-catalog.ts';
import type { ResolvedFilters } from './resolve-filters.ts';

/** Group-by columns that only grant facts have: unit metrics are broadcast across them. */
export const GRANT_ONLY_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'category',
  'heading',
  'quarter',
  'month',
]);

/** Which fact families a query needs (skip the rest). */
export interface FactNeeds {
  units: boolean;
  change: boolean;
  grants: boolean;
  supported: boolean;
}

export const ALL_FACTS: FactNeeds = { units: true, change: true, grants: true, supported: true };

/** One group's metrics, before names are attached. Money stays bigint until it is sent. */
export interface GroupedRow {
  ids: number[];
  units: number;
  employment: number;
  employmentChange: number;
  supportedUnits: number;
  grants: number;
  amount: bigint;
}

export interface EngineOptions {
  /** 'raw' forces the raw tables (tests compare it with the rollup answer). */
  source?: 'auto' | 'raw';
  /**
   * `year` in the group-by: each row is its year y evaluated as the range [y, y] (units in y,
   * employment change y vs y−1, grants in y) instead of one row per year of a from..to range.
   */
  perYear?: boolean;
}

type FactKind = 'units' | 'change' | 'grants';

/** Year predicates of each fact family (DESIGN §5). */
function yearPredicates(
  src: FactSource,
  rf: ResolvedFilters,
  kind: FactKind,
  perYear: boolean,
): Expr[] {
  const year = src.cols.year;
  if (!year) throw new Error(`fact source ${src.name} has no year`);
  if (kind === 'grants' || perYear) {
    const preds = [sql`${year} between ${rf.from} and ${rf.to}`];
    if (kind === 'change') preds.push(sql`${src.fromYear} = ${year} - 1`);
    return preds;
  }
  if (kind === 'change') return [sql`${src.fromYear} = ${rf.from}`, sql`${year} = ${rf.to}`];
  return [sql`${year} = ${rf.to}`];
}

/**
 * One aggregate over a fact source: `select k0…, measures from … where scope+filters+years
 * group by k0…`. Rows whose group key is null (a unit outside any park, a grant without a size)
 * belong to no group and are left out.
 */
export async function runFact(
  db: Kysely<Database>,
  src: FactSource,
  dims: readonly Column[],
  preds: readonly Expr[],
  measures: readonly string[],
): Promise<Record<string, unknown>[]> {
  const keys = dims.map((d) => {
    const e = src.cols[d];
    if (!e) throw new Error(`fact source ${src.name} cannot group by ${d}`);
    return e;
  });
  const select = [
    ...keys.map((e, i) => sql`${e} as ${sql.ref(`k${i}`)}`),
    ...measures.map((m) => {
      const e = src.measures[m];
      if (!e) throw new Error(`fact source ${src.name} does not measure ${m}`);
      return sql`${e} as ${sql.ref(m)}`;
    }),
  ];
  const where = and([...src.where, ...preds, ...keys.map((e) => sql`${e} is not null`)]);
  const group = keys.length ? sql` group by ${sql.join(keys)}` : sql``;
  const { rows } = await sql<
    Record<string, unknown>
  >`select ${sql.join(select)} from ${src.from} where ${where}${group}`.execute(db);
  return rows;
}

const KEY_BASE = 2 ** 26;

/** A group's map key: one number for up to two small non-negative ids (most groups), else text. */
function groupKey(ids: readonly number[]): number | string {
  const [a = 0, b = 0] = ids;
  if (ids.length <= 2 && a >= 0 && b >= 0 && a < KEY_BASE && b < KEY_BASE) {
    return ids.length === 2 ? a * KEY_BASE + b : a;
  }
  return ids.join(',');
}

function keyIds(row: Record<string, unknown>, n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(num(row[`k${i}`]));
  return ids;
}

/**
 * The in-memory facts that answer in place of the raw tables, or null: only where they were
 * loaded (query workers) and never when the caller asked for the raw tables themselves.
 */
export function memoryFor(db: Kysely<Database>, options: EngineOptions): MemoryFacts | null {
  return options.source === 'raw' ? null : memoryFactsOf(db);
}

/** Runs one fact family through its planned source (raw reads from memory when loaded). */
async function factRows(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  src: FactSource,
  kind: FactKind,
  dims: readonly Column[],
  measures: readonly string[],
  perYear: boolean,
  memory: MemoryFacts | null,
): Promise<Record<string, unknown>[]> {
  if (memory && (src.name === 'raw' || FINE_ROLLUPS.has(src.name))) {
    return memoryFactRows(memory, rf, kind, dims, perYear);
  }
  const preds = [
    ...filterPredicates(rf, src.cols, { heading: kind === 'grants' }),
    ...yearPredicates(src, rf, kind, perYear),
  ];
  return runFact(db, src, dims, preds, measures);
}

/**
 * Every metric of DESIGN §5 grouped by `dims`, for resolved filters. Unit metrics use the unit
 * side of the key only (broadcast across heading/category); supported units are distinct per
 * group, computed by the source the navigator picks (never summed across non-partitions).
 */
export async function getGroupedMetrics(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Column[],
  needs: FactNeeds = ALL_FACTS,
  options: EngineOptions = {},
): Promise<GroupedRow[]> {
  const perYear = options.perYear ?? false;
  const unitDims = dims.filter((d) => !GRANT_ONLY_COLUMNS.has(d));
  const grantOnly = unitDims.length < dims.length;
  const timeGrain = dims.includes('quarter') || dims.includes('month');
  const wantUnits = needs.units && !timeGrain;
  const wantChange = needs.change && !timeGrain && (perYear || rf.from !== rf.to);
  const plan = await planSources(db, rf, dims, options.source ?? 'auto', perYear, needs.supported);
  const memory = memoryFor(db, options);

  const supportedWithGrants = needs.supported && plan.supported.kind === 'with-grants';
  // A raw grants query also answers distinct supported units; a rollup needs its own source.
  const grantMeasures = [
    ...(needs.grants ? ['grants', 'amount'] : []),
    ...(supportedWithGrants ? ['supported'] : []),
  ];
  const [unitRows, changeRows, grantRows, supportedRows] = await Promise.all([
    wantUnits
      ? factRows(db, rf, plan.units, 'units', unitDims, ['units', 'employment'], perYear, memory)
      : [],
    wantChange
      ? factRows(db, rf, plan.change, 'change', unitDims, ['change'], perYear, memory)
      : [],
    grantMeasures.length > 0
      ? factRows(db, rf, plan.grants, 'grants', dims, grantMeasures, perYear, memory)
      : [],
    needs.supported && plan.supported.kind !== 'with-grants'
      ? memory &&
        (plan.supported.source.name === 'raw' || FINE_ROLLUPS.has(plan.supported.source.name))
        ? memoryFactRows(memory, rf, 'grants', dims, perYear)
        : supportedFromPlan(db, plan.supported, dims)
      : [],
  ]);

  const rows = new Map<number | string, GroupedRow>();
  const rowFor = (ids: number[]): GroupedRow => {
    const key = groupKey(ids);
    let row = rows.get(key);
    if (!row) {
      row = {
        ids,
        units: 0,
        employment: 0,
        employmentChange: 0,
        supportedUnits: 0,
        grants: 0,
        amount: 0n,
      };
      rows.set(key, row);
    }
    return row;
  };

  for (const r of grantRows) {
    const row = rowFor(keyIds(r, dims.length));
    if (needs.grants) {
      row.grants = num(r.grants);
      row.amount = money(r.amount);
    }
    if (supportedWithGrants) row.supportedUnits = num(r.supported);
  }
  for (const r of supportedRows) rowFor(keyIds(r, dims.length)).supportedUnits = num(r.supported);

  // Unit-side facts, keyed by the unit part of the key.
  const unitFacts = new Map<
    number | string,
    { ids: number[]; units: number; employment: number; change: number }
  >();
  const unitFact = (ids: number[]) => {
    const key = groupKey(ids);
    let f = unitFacts.get(key);
    if (!f) {
      f = { ids, units: 0, employment: 0, change: 0 };
      unitFacts.set(key, f);
    }
    return f;
  };
  for (const r of unitRows) {
    const f = unitFact(keyIds(r, unitDims.length));
    f.units = num(r.units);
    f.employment = num(r.employment);
  }
  for (const r of changeRows) unitFact(keyIds(r, unitDims.length)).change = num(r.change);

  if (!grantOnly) {
    for (const f of unitFacts.values()) rowFor(f.ids);
  }
  if (dims.length === 0) rowFor([]);
  const unitPositions = unitDims.map((d) => dims.indexOf(d));
  for (const row of rows.values()) {
    const f = unitFacts.get(groupKey(unitPositions.map((p) => row.ids[p] ?? 0)));
    if (f) {
      row.units = f.units;
      row.employment = f.employment;
      row.employmentChange = f.change;
    }
  }
  return [...rows.values()];
}

/** Distinct supported units from a precomputed source (see navigator.ts). */
async function supportedFromPlan(
  db: Kysely<Database>,
  plan: Extract<SupportedPlan, { kind: 'separate' }>,
  dims: readonly Column[],
): Promise<Record<string, unknown>[]> {
  return runFact(db, plan.source, dims, plan.preds, ['supported']);
}
