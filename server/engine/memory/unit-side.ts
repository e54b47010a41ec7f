/**
 * The unit-side passes over the facts: units, employment and its change (and, fused with them,
 * distinct supported units from the unit-year index), the unit drill's metric columns, and the
 * filtered-unit walk impact uses. The grant reads are memory-aggregate.ts's.
 */

import type { Column } from '../sql/filter-sql.ts';
import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { yearBits, yearIndexAnswers } from '../facts/unit-year-index.ts';
import {
  addMoney,
  allowed,
  grantSelected,
  Groups,
  indexedPass,
  indexedInto,
  keyIds,
  maskCategories,
  memoryGrantRows,
  memoryPaths,
  plan,
  strideOf,
  supportedRowsOf,
  yearSpan,
} from './memory-aggregate.ts';
import { unitAt, unitBase, type UnitScan } from './unit-scan.ts';

/**
 * Calls visit(u) for every unit that passes the unit filters (province, park, cluster, sector),
 * in ascending order, through the posting lists when they select few enough (candidateUnits).
 */
export function forEachFilteredUnit(
  m: MemoryFacts,
  rf: ResolvedFilters,
  visit: (u: number) => void,
): void {
  const s = plan(m, rf, []).scan;
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const u = unitAt(s, k);
    if (unitBase(s, u) >= 0) visit(u);
  }
}

/**
 * Unit u's fact in year position y: its employees ('units'), or their change since year
 * position y1 ('change'); null where the unit is not counted (no row in y, its size there
 * filtered out, or no row in y1).
 */
function unitYearFact(
  m: MemoryFacts,
  sizeOk: Uint8Array | null,
  kind: 'units' | 'change',
  u: number,
  y: number,
  y1: number,
): number | null {
  const Y = m.nYears;
  const e2 = m.employees[u * Y + y] ?? -1;
  if (e2 < 0) return null;
  if (sizeOk && sizeOk[m.size[u * Y + y] ?? 0] !== 1) return null;
  if (kind === 'units') return e2;
  if (y1 < 0 || y1 >= Y) return null;
  const e1 = m.employees[u * Y + y1] ?? -1;
  return e1 < 0 ? null : e2 - e1;
}

/** A family of memoryUnitSideRows: units and employment, their change, distinct supported units. */
export type UnitSideFamily = 'units' | 'change' | 'supported';

/**
 * The unit-side families in memory ('units': units and employment, counted where a unit has an
 * employment row in the evaluated year(s); 'change': between two years a unit has rows in, size
 * of the later year; 'supported': distinct supported units alone, as memoryGrantRows with `sums`
 * false), shaped as the SQL path's rows (`k0…` ids, measures of fact-sources.ts), in one
 * pass over the selected units: one list of rows per family, in the order asked. Breakdowns that
 * read several from memory with the same grouping take them together (grouped-metrics.ts)
 * instead of a pass over a million units for each. Supported units come from the unit-year
 * index's masks (indexedInto); where it cannot answer, from their own pass over the grants.
 */
export function memoryUnitSideRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  families: readonly UnitSideFamily[],
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[][] {
  const p = plan(m, rf, columns);
  const wantSupported = families.includes('supported');
  const indexed = wantSupported ? indexedPass(m, rf, p, perYear, false) : null;
  if (wantSupported && indexed === null) {
    // The index cannot answer: supported units from the grants, the rest in this pass.
    const rest = families.filter((f) => f !== 'supported');
    const restRows = rest.length ? memoryUnitSideRows(m, rf, rest, columns, perYear) : [];
    const supportedRows = memoryGrantRows(m, rf, columns, perYear, false);
    return families.map((f) => (f === 'supported' ? supportedRows : (restRows.shift() ?? [])));
  }
  if (families.length > 1) memoryPaths.unitSidePass++;
  if (wantSupported && families.length > 1) memoryPaths.unitSideSupported++;
  const unitFamilies = families.filter((f): f is 'units' | 'change' => f !== 'supported');
  const groups = unitFamilies.map(() => new Groups(p.radix));
  const supported = new Groups(wantSupported ? p.radix : 0);
  const noGrantLoop = () => undefined; // `sums` is false: no unit takes the exact grant loop
  const evaluated = perYear ? yearSpan(m, rf.from, rf.to) : yearSpan(m, rf.to, rf.to);
  const supportedPass = indexed !== null && indexed !== 'none' ? indexed : null;
  if (!evaluated && !supportedPass) return families.map(() => []);
  const units = unitFamilies.includes('units')
    ? (groups[unitFamilies.indexOf('units')] ?? null)
    : null;
  const change = unitFamilies.includes('change')
    ? (groups[unitFamilies.indexOf('change')] ?? null)
    : null;
  // Supported units in a loop of their own (the masks), the others in one more (employment).
  if (supportedPass) indexedInto(supportedPass, p.scan, supported, noGrantLoop);
  if (evaluated && unitFamilies.length > 0) {
    const sizeKey = {
      sizeOk: p.sizeOk,
      sizeStride: strideOf(p, 'size'),
      yearStride: strideOf(p, 'year'),
    };
    employmentInto(p.scan, evaluated, perYear, rf.from - m.yMin, sizeKey, units, change);
  }
  let f = 0;
  return families.map((kind) => {
    if (kind === 'supported') return supportedRowsOf(p, supported);
    const g = groups[f++];
    if (!g) return [];
    return g.keys.map((key) => {
      const s = g.slotOf(key);
      const row: Record<string, unknown> = keyIds(p, key);
      if (kind === 'units') {
        row.units = g.count[s];
        row.employment = g.total[s];
      } else row.change = g.total[s];
      return row;
    });
  });
}

/**
 * Adds every unit of scan `s` to the groups of its employment rows in the evaluated years
 * (positions y0..y1): `units` (count, employees) and `change` (count, employees minus those of
 * year position `from`, or of the year before `perYear`), where they are non-null. A unit
 * counts in a year where it has a row of an allowed size (and, for the change, a row in the
 * earlier year too); the size is that year's. One loop with what it reads in locals.
 */
function employmentInto(
  s: UnitScan,
  [y0, y1]: readonly [number, number],
  perYear: boolean,
  from: number,
  {
    sizeOk,
    sizeStride,
    yearStride,
  }: { sizeOk: Uint8Array | null; sizeStride: number; yearStride: number },
  units: Groups | null,
  change: Groups | null,
): void {
  const m = s.m;
  const Y = m.nYears;
  // Year y of unit u at y * yStep + u * uStep: the index's year-major copies when there is one
  // (a year of every unit is then one run of the array), else the facts' own columns.
  const employees = m.years ? m.years.employeesByYear : m.employees;
  const sizes = m.years ? m.years.sizeByYear : m.size;
  const yStep = m.years ? m.unitIds.length : 1;
  const uStep = m.years ? 1 : Y;
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const u = unitAt(s, k);
    const base = unitBase(s, u);
    if (base < 0) continue;
    const at = u * uStep;
    for (let y = y0; y <= y1; y++) {
      const e2 = employees[at + y * yStep] ?? -1;
      if (e2 < 0) continue;
      const size = sizes[at + y * yStep] ?? 0;
      if (sizeOk !== null && sizeOk[size] !== 1) continue;
      const key = base + size * sizeStride + y * yearStride;
      if (units !== null) {
        const slot = units.slot(key);
        units.count[slot] = (units.count[slot] ?? 0) + 1;
        units.total[slot] = (units.total[slot] ?? 0) + e2;
      }
      if (change !== null) {
        const before = perYear ? y - 1 : from;
        const e1 = before >= 0 && before < Y ? (employees[at + before * yStep] ?? -1) : -1;
        if (e1 >= 0) {
          const slot = change.slot(key);
          change.count[slot] = (change.count[slot] ?? 0) + 1;
          change.total[slot] = (change.total[slot] ?? 0) + (e2 - e1);
        }
      }
    }
  }
}

/** One unit-side family alone (see memoryUnitSideRows). */
export function memoryUnitRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  kind: 'units' | 'change',
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[] {
  const [rows = []] = memoryUnitSideRows(m, rf, [kind], columns, perYear);
  return rows;
}

/**
 * The unit drill's metrics, one slot per unit, in columns rather than rows (a drill of every
 * unit at `large` would otherwise build a million objects): the same rules as memoryGrantRows and memoryUnitRows
 * grouped by unit, so a unit's slot holds what its row would.
 */
export interface UnitMetricColumns {
  /** Unit positions (ascending, so in id order); slot k describes units[k]. */
  units: Int32Array;
  employment: Float64Array;
  /** Employment change from `from` to `to` (0 without rows in both years). */
  change: Float64Array;
  grants: Float64Array;
  /** Disbursed amount: exactly BigInt(amount[k]) + (amountOverflow.get(k) ?? 0n). */
  amount: Float64Array;
  amountOverflow: Map<number, bigint>;
  supported: Uint8Array;
}

/** Which columns to fill (the others are empty): a sort needs one, a page all. */
export interface UnitColumnNeeds {
  employment: boolean;
  change: boolean;
  /** 'sums': grants, amount and supported; 'supported': the flag alone (a unit's first grant decides). */
  grants: 'sums' | 'supported' | null;
}

/**
 * The units counted under these filters (an employment row in `to`, its size allowed, every unit
 * filter passed: the population of the `units` metric), as ascending positions.
 */
export function countedUnits(m: MemoryFacts, rf: ResolvedFilters): Int32Array {
  const to = yearSpan(m, rf.to, rf.to);
  if (!to) return new Int32Array(0);
  const sizeOk = allowed(rf.sizes, (id) => id, 4);
  const s = plan(m, rf, []).scan;
  const out = new Int32Array(s.length);
  // Year `to` of unit u at at + u * uStep: one run of the index's year-major copies when there
  // is one, else the facts' own columns (u * nYears + to).
  const employees = m.years ? m.years.employeesByYear : m.employees;
  const sizes = m.years ? m.years.sizeByYear : m.size;
  const at = m.years ? to[0] * m.unitIds.length : to[0];
  const uStep = m.years ? 1 : m.nYears;
  const n = s.length;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const u = unitAt(s, k);
    if (unitBase(s, u) < 0 || (employees[at + u * uStep] ?? -1) < 0) continue;
    if (sizeOk !== null && sizeOk[sizes[at + u * uStep] ?? 0] !== 1) continue;
    out[count++] = u;
  }
  return out.subarray(0, count);
}

/**
 * The metrics of `units` (counted units, ascending positions: countedUnits or a part of it) as
 * columns. Their grants are those of memoryGrantRows by unit: disbursed in from..to under the
 * selected headings (grantSelected); the size rule of unitGrants drops none of a counted unit's
 * (it has a row in `to`, of an allowed size), and each counted unit with one is a supported
 * unit. A tight loop rather than unitGrants: this visits every grant of a million units.
 */
export function unitMetricColumns(
  m: MemoryFacts,
  rf: ResolvedFilters,
  units: Int32Array,
  needs: UnitColumnNeeds,
): UnitMetricColumns {
  const n = units.length;
  const sizeOk = allowed(rf.sizes, (id) => id, 4);
  const Y = m.nYears;
  const toPos = rf.to - m.yMin;
  const fromPos = rf.from - m.yMin;
  const out: UnitMetricColumns = {
    units,
    employment: new Float64Array(needs.employment ? n : 0),
    change: new Float64Array(needs.change ? n : 0),
    grants: new Float64Array(needs.grants === 'sums' ? n : 0),
    amount: new Float64Array(needs.grants === 'sums' ? n : 0),
    amountOverflow: new Map(),
    supported: new Uint8Array(needs.grants ? n : 0),
  };
  if (needs.employment || needs.change) {
    for (let k = 0; k < n; k++) {
      const u = units[k] ?? 0;
      if (needs.employment) out.employment[k] = m.employees[u * Y + toPos] ?? 0;
      if (needs.change) out.change[k] = unitYearFact(m, sizeOk, 'change', u, toPos, fromPos) ?? 0;
    }
  }
  const span = yearSpan(m, rf.from, rf.to);
  if (span && needs.grants && indexedUnitColumns(m, rf, span, needs.grants, out)) return out;
  const headingOk = allowed(rf.headings, (id) => m.headings.index.get(id), m.headings.ids.length);
  if (needs.grants === 'supported' && span) {
    for (let k = 0; k < n; k++) {
      const u = units[k] ?? 0;
      const end = m.grantStart[u + 1] ?? 0;
      for (let i = m.grantStart[u] ?? 0; i < end; i++) {
        if (grantSelected(m, span, headingOk, i)) {
          out.supported[k] = 1;
          break;
        }
      }
    }
  }
  if (needs.grants === 'sums' && span) {
    for (let k = 0; k < n; k++) {
      const u = units[k] ?? 0;
      const end = m.grantStart[u + 1] ?? 0;
      let count = 0;
      for (let i = m.grantStart[u] ?? 0; i < end; i++) {
        if (!grantSelected(m, span, headingOk, i)) continue;
        count++;
        addMoney(out.amount, out.amountOverflow, k, m.grantAmount[i] ?? 0);
      }
      out.grants[k] = count;
      out.supported[k] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/**
 * The grant columns of unitMetricColumns from the unit-year index when it can answer (see
 * indexedGrants): the supported flag from the year masks, counts and amounts from the prefix
 * sums (a unit whose total passes 2^53 loops over its grants). False, untouched, when it cannot.
 */
function indexedUnitColumns(
  m: MemoryFacts,
  rf: ResolvedFilters,
  span: readonly [number, number],
  grants: 'sums' | 'supported',
  out: UnitMetricColumns,
): boolean {
  const x = m.years;
  const sums = grants === 'sums';
  if (!x || !yearIndexAnswers(rf, ['unit'], sums)) return false;
  const cats = maskCategories(m, rf);
  memoryPaths.yearMask++;
  if (cats) memoryPaths.categoryMask++;
  if (sums) memoryPaths.prefixSums++;
  const range = yearBits(span[0], span[1]);
  const nU = m.unitIds.length;
  const hi = span[1];
  const before = span[0] - 1;
  let inexact = false;
  for (let k = 0; k < out.units.length; k++) {
    const u = out.units[k] ?? 0;
    let bits = 0;
    if (cats === null) bits = x.supportYears[u] ?? 0;
    else for (const c of cats) bits |= x.categoryYears[c * nU + u] ?? 0;
    if ((bits & range) === 0) continue;
    out.supported[k] = 1;
    if (!sums) continue;
    if (x.inexact[u] === 1) {
      inexact = true;
      const end = m.grantStart[u + 1] ?? 0;
      for (let i = m.grantStart[u] ?? 0; i < end; i++) {
        const y = m.grantYear[i] ?? 0;
        if (y < span[0] || y > hi) continue;
        out.grants[k] = (out.grants[k] ?? 0) + 1;
        addMoney(out.amount, out.amountOverflow, k, m.grantAmount[i] ?? 0);
      }
      continue;
    }
    // Year-major prefix sums: year y of unit u at y * nU + u.
    const lo = before < 0 ? -1 : before * nU + u;
    out.grants[k] = (x.grantsUpTo[hi * nU + u] ?? 0) - (lo < 0 ? 0 : (x.grantsUpTo[lo] ?? 0));
    out.amount[k] = (x.amountUpTo[hi * nU + u] ?? 0) - (lo < 0 ? 0 : (x.amountUpTo[lo] ?? 0));
  }
  if (inexact) memoryPaths.inexactUnits++;
  return true;
}
