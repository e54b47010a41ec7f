import type { Filters } from '../../server/domain/filters.ts';
import type { MetricValues } from '../../server/domain/metrics.ts';
import { HEADINGS } from '../../server/domain/reference.ts';
import { scopeAllows, type Scope } from '../../server/domain/scope.ts';
import { sizeClassOf } from '../../server/domain/size.ts';
import type { DatasetSpec, GrantSpec, UnitSpec } from './builders.ts';

/**
 * The metric definitions of server/domain/metrics.ts (and docs/metrics.md), read literally and
 * computed in plain JavaScript over a dataset spec: no SQL, no rollup, no typed array. The
 * engines (raw SQL, rollups, in-memory facts, and whatever replaces them) are tested against it,
 * so a mistake they all share still fails.
 */

/** DESIGN §5: coverage counts supported units among the counted ones, so it is a share (or none). */
export const coverageWithinZeroOne = (v: MetricValues): boolean =>
  v.coverage === null || (v.coverage >= 0 && v.coverage <= 1);

export type OracleDimension =
  'province' | 'park' | 'cluster' | 'sector' | 'size' | 'category' | 'heading' | 'year';

const CATEGORY_OF = new Map(HEADINGS.map((h) => [h.code, h.category]));
const GRANT_ONLY = new Set<OracleDimension>(['category', 'heading']);

interface Cell {
  units: number;
  employment: number;
  change: number;
  supported: Set<string>;
  grants: number;
  amount: bigint;
}

const emptyCell = (): Cell => ({
  units: 0,
  employment: 0,
  change: 0,
  supported: new Set(),
  grants: 0,
  amount: 0n,
});

function valuesOf(unitSide: Cell, grantSide: Cell): MetricValues {
  return {
    units: unitSide.units,
    employment: unitSide.employment,
    supportedUnits: grantSide.supported.size,
    coverage: unitSide.units > 0 ? grantSide.supported.size / unitSide.units : null,
    grants: grantSide.grants,
    amount: grantSide.amount.toString(),
    employmentChange: unitSide.change,
  };
}

/** Does the unit pass the unit filters (not size: that depends on the year) and the scope? */
function unitPasses(u: UnitSpec, scope: Scope, f: Filters): boolean {
  const inList = (list: readonly string[], v: string | null | undefined) =>
    list.length === 0 || (v !== null && v !== undefined && list.includes(v));
  return (
    scopeAllows(scope, u.province) &&
    inList(f.province, u.province) &&
    inList(f.park, u.park) &&
    inList(f.cluster, u.cluster) &&
    inList(f.sector, u.sector)
  );
}

function headingPasses(g: GrantSpec, f: Filters): boolean {
  const category = CATEGORY_OF.get(g.heading) ?? '';
  return (
    (f.heading.length === 0 || f.heading.includes(g.heading)) &&
    (f.category.length === 0 || f.category.includes(category))
  );
}

const sizeIn = (u: UnitSpec, year: number) => {
  const n = u.employment[year];
  return n === undefined ? null : sizeClassOf(n);
};

/** The unit's member of a unit dimension in the population year; null = in no group. */
function unitKey(u: UnitSpec, by: OracleDimension, year: number): string | null {
  switch (by) {
    case 'province':
      return u.province;
    case 'park':
      return u.park ?? null;
    case 'cluster':
      return u.cluster ?? null;
    case 'sector':
      return u.sector;
    case 'size':
      return sizeIn(u, year);
    default:
      return '';
  }
}

/**
 * Every metric for one period `from..to`, in total (`by` undefined) or per member of `by`. For
 * `by = 'year'` each year y of the period is evaluated as the period y..y.
 */
export function oracleMetrics(
  spec: DatasetSpec,
  scope: Scope,
  filters: Filters,
  period: { from: number; to: number },
  by?: OracleDimension,
): Map<string, MetricValues> {
  if (by === 'year') {
    const out = new Map<string, MetricValues>();
    for (let y = period.from; y <= period.to; y++) {
      const one = oracleGroups(spec, scope, filters, y, y, 'year', true);
      const v = one.get('');
      if (v) out.set(String(y), v);
    }
    return out;
  }
  return oracleGroups(spec, scope, filters, period.from, period.to, by, false);
}

function oracleGroups(
  spec: DatasetSpec,
  scope: Scope,
  filters: Filters,
  from: number,
  to: number,
  by: OracleDimension | undefined,
  previousYearChange: boolean,
): Map<string, MetricValues> {
  const unitCells = new Map<string, Cell>();
  const grantCells = new Map<string, Cell>();
  const cell = (m: Map<string, Cell>, k: string) => {
    let c = m.get(k);
    if (!c) m.set(k, (c = emptyCell()));
    return c;
  };
  const grantOnly = by !== undefined && GRANT_ONLY.has(by);
  // Per year ('year'): one group per call, keyed ''.
  const whole = by === undefined || by === 'year';
  const sizeOk = (u: UnitSpec) => {
    if (filters.size.length === 0) return true;
    const s = sizeIn(u, to);
    return s !== null && filters.size.includes(s);
  };
  const baseYear = previousYearChange ? to - 1 : from;

  for (const u of spec.units) {
    if (!unitPasses(u, scope, filters)) continue;
    // A size filter selects by the size in `to`: a unit without a row then is outside it.
    if (!sizeOk(u)) continue;
    const counted = u.employment[to] !== undefined;
    const uKey = whole || grantOnly || by === undefined ? '' : unitKey(u, by, to);
    if (counted && uKey !== null) {
      const c = cell(unitCells, uKey);
      const now = u.employment[to] ?? 0;
      c.units += 1;
      c.employment += now;
      // Employment change: units with a row in the base year too (none when from = to).
      const before = u.employment[baseYear];
      if ((from !== to || previousYearChange) && before !== undefined) c.change += now - before;
    }
    for (const g of u.grants ?? []) {
      if ((g.status ?? 'disbursed') !== 'disbursed') continue;
      if (g.year < from || g.year > to || !headingPasses(g, filters)) continue;
      const gKey =
        by === 'heading'
          ? g.heading
          : by === 'category'
            ? (CATEGORY_OF.get(g.heading) ?? '')
            : whole || by === undefined
              ? ''
              : unitKey(u, by, to);
      if (gKey === null) continue;
      const c = cell(grantCells, gKey);
      c.grants += 1;
      c.amount += BigInt(g.amount);
      if (counted) c.supported.add(u.code);
    }
  }

  const out = new Map<string, MetricValues>();
  const total = unitCells.get('') ?? emptyCell();
  const keys = new Set([...grantCells.keys(), ...(grantOnly ? [] : unitCells.keys())]);
  // A total always has its row; a year only when it holds a fact.
  if (by === undefined) keys.add('');
  for (const k of keys) {
    // Unit metrics do not split by heading: every heading's row carries the selection's.
    const unitSide = grantOnly ? total : (unitCells.get(k) ?? emptyCell());
    out.set(k, valuesOf(unitSide, grantCells.get(k) ?? emptyCell()));
  }
  return out;
}
