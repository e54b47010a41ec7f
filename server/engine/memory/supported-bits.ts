import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { Column } from '../sql/filter-sql.ts';
import { membersOf, orMembers } from '../facts/heading-year-units.ts';
import { yearBits } from '../facts/unit-year-index.ts';
import { filterBits, orSizeBits, popcount } from './unit-bits.ts';
import {
  addMoney,
  Groups,
  plan,
  selectedHeadings,
  strideOf,
  supportedRowsOf,
  yearSpan,
  type Plan,
} from './memory-aggregate.ts';

/**
 * Distinct supported units where several headings fold into one group (a filter of two
 * headings, or of whole categories, by anything but the heading): the units with a grant under
 * the group's headings in its years, as a bit set ORed from the per-(heading, year, province)
 * unit sets (facts/heading-year-units.ts), ANDed with the units that may count (a row, and an
 * allowed size, in the population year: the heading index's size bits), then counted — or, where
 * the key or a filter reads a unit column, walked once in unit order. Where the walk over the
 * selected headings' (unit, heading) pairs (heading-pass.ts) took a scattered read of the unit
 * per pair and a per-unit "seen" word (at `large` with two categories by park 80-120 ms of CPU),
 * this reads each selected (heading, year)'s members once and the units that count in order.
 * Grants and amounts add up over headings: the caller sums them from the cells.
 */

/** Group-by columns the bits key: the unit or its columns, its size and the grant's year, heading or category. */
export const BITS_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'unit',
  'province',
  'park',
  'cluster',
  'sector',
  'size',
  'year',
  'heading',
  'category',
]);

/** Key columns that are not the unit's: the grant's year, heading or category, the unit's size. */
const UNIT_FREE: ReadonlySet<Column> = new Set<Column>(['year', 'heading', 'category', 'size']);

/** How many reads each way took in this thread (the engine tests check both ran). */
export const bitsPaths = { counted: 0, walked: 0, tallied: 0, outside: 0, pairSums: 0 };

export function bitsCover(columns: readonly Column[]): boolean {
  return columns.every((c) => BITS_COLUMNS.has(c));
}

/** Runs [first, last] of consecutive provinces the filter allows (every province: one run). */
function provinceRuns(m: MemoryFacts, rf: ResolvedFilters): [number, number][] {
  const P = m.provinces.ids.length;
  if (rf.provinces === null) return P > 0 ? [[0, P - 1]] : [];
  const ok = new Uint8Array(P);
  for (const id of rf.provinces) {
    const v = m.provinces.index.get(id);
    if (v !== undefined) ok[v] = 1;
  }
  const runs: [number, number][] = [];
  for (let p = 0; p < P; p++) {
    if (ok[p] !== 1) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === p - 1) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/**
 * The members the bits would OR for these headings over years a..b in the filter's provinces:
 * the planner of heading-pass.ts weighs it against the other ways.
 */
export function bitsMembers(
  m: MemoryFacts,
  rf: ResolvedFilters,
  heads: readonly number[],
  a: number,
  b: number,
): number {
  const x = m.byHeading?.yearUnits;
  if (!x) return Infinity;
  const runs = provinceRuns(m, rf);
  let n = 0;
  for (const h of heads)
    for (let y = a; y <= b; y++) for (const [f, l] of runs) n += membersOf(x, h, y, f, l);
  return n;
}

/** What a read of the bits goes through, fixed once per read (distinctFromBits, outsideFromBits). */
function layoutOf(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  heads: readonly number[],
  span: { a: number; b: number },
) {
  const x = m.byHeading;
  if (!x) return null;
  const Y = m.nYears;
  const W = x.unitWords;
  const { yearUnits } = x;
  const hs = strideOf(p, 'heading');
  const cs = strideOf(p, 'category');
  const ys = strideOf(p, 'year');
  const ss = strideOf(p, 'size');
  const toPos = rf.to - m.yMin;
  const runs = provinceRuns(m, rf);
  // The grant side of the key: a group per heading, per category, or one of them all.
  const folds = new Map<number, number[]>();
  for (const h of heads) {
    const key = h * hs + (m.categoryOfHeading[h] ?? 0) * cs;
    const list = folds.get(key);
    if (list) list.push(h);
    else folds.set(key, [h]);
  }
  // The year side: per year (its own population year per year), or the range counted in `to`.
  const spans: { key: number; a: number; b: number; t: number }[] =
    perYear || ys !== 0
      ? Array.from({ length: span.b - span.a + 1 }, (_, i) => {
          const y = span.a + i;
          return { key: y * ys, a: y, b: y, t: perYear ? y : toPos };
        })
      : [{ key: 0, a: span.a, b: span.b, t: toPos }];
  const sizes = [1, 2, 3].filter((z) => p.sizeOk === null || p.sizeOk[z] === 1);
  // A size key counts a unit under its size in the population year: a walk per size.
  const sizeParts = ss !== 0 ? sizes.map((z) => [z]) : [sizes];
  const unitColumns = p.dims.some((d) => !UNIT_FREE.has(d.column));
  // The park, cluster and sector filters as bits too (their posting lists ORed), ANDed with
  // the units that may count: the count or tally then checks no unit.
  const filter = filterBits(m, p.scan, ['park', 'cluster', 'sector'], W);
  // The units that may count in population year t (size part i): a row (so a size) allowed
  // there, passing the park, cluster and sector filters. Kept per (t, i) where several folds
  // (headings, categories) read them.
  const kept = new Map<number, Int32Array>();
  const scratch = new Int32Array(W);
  const partFlags = sizeParts.map((part) => {
    const flags = new Uint8Array(4);
    for (const z of part) flags[z] = 1;
    return flags;
  });
  const countsOf = (t: number, i: number): Int32Array => {
    const key = t * 4 + i;
    const known = kept.get(key);
    if (known) return known;
    const counts = folds.size > 1 ? new Int32Array(W) : scratch;
    counts.fill(0);
    orSizeBits(x, Y, t, partFlags[i] ?? null, counts);
    if (filter) for (let w = 0; w < W; w++) counts[w] = (counts[w] ?? 0) & (filter[w] ?? 0);
    if (counts !== scratch) kept.set(key, counts);
    return counts;
  };
  /**
   * Sets in `bits` (cleared first) the units with a grant under `fold` in years a..b, in the
   * filter's provinces (or the runs given: a part of them).
   */
  const orFold = (
    bits: Int32Array,
    fold: readonly number[],
    a: number,
    b: number,
    within: readonly (readonly [number, number])[] = runs,
  ) => {
    bits.fill(0);
    for (const h of fold)
      for (let y = a; y <= b; y++)
        for (const [f, l] of within) orMembers(yearUnits, h, y, f, l, bits);
  };
  return { Y, W, ys, ss, runs, folds, spans, sizeParts, unitColumns, filter, countsOf, orFold };
}

/**
 * Adds to g.distinct each group's distinct supported units (the rules of memoryGrantRows), for
 * the selected headings `heads` over year positions a..b, under bitsCover. Makes a group only
 * where it has a unit that counts; the sums are the caller's.
 */
export function distinctFromBits(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  heads: readonly number[],
  span: { a: number; b: number },
  /** Make the groups whose units none counts too (memoryGrantRows without sums: see below). */
  zeroGroups: boolean,
): void {
  const layout = layoutOf(m, rf, p, perYear, heads, span);
  if (!layout) return;
  const { Y, W, ys, ss, folds, spans, sizeParts, unitColumns, filter, countsOf, orFold } = layout;
  const walk = unitColumns;
  if (walk) bitsPaths.walked++;
  else bitsPaths.counted++;
  const bits = new Int32Array(W);
  const work = new Int32Array(W);
  const { unitKey } = p;
  // One unit column in the key: a tally by its value in a local array, where unitKey() per
  // unit (a closure V8 does not inline here) costs 2-3x more.
  const tally = walk ? tallyOf(p) : null;
  // Without `sums` a group's row is the grant read's (memoryGrantRows): one whose units with a
  // grant there none counts is made too, with 0. With a size key or filter there is none such
  // (a unit without a row in the population year has no size there: its grants drop).
  const zeroSized = zeroGroups && ss === 0 && p.sizeOk === null;
  /** Adds the units of `work` to their groups under `base` (or only makes the groups). */
  const addWork = (base: number, add: boolean) => {
    if (!walk) {
      let n = 0;
      for (let w = 0; w < W; w++) n += popcount(work[w] ?? 0);
      if (n > 0) {
        const slot = g.slot(base);
        if (add) g.distinct[slot] = (g.distinct[slot] ?? 0) + n;
      }
      return;
    }
    if (tally) {
      bitsPaths.tallied++;
      const { values, counts: n, stride, nullable } = tally;
      n.fill(0);
      for (let w = 0; w < W; w++) {
        let v = work[w] ?? 0;
        while (v !== 0) {
          const low = v & -v;
          v ^= low;
          const at = values[(w << 5) | (31 - Math.clz32(low))] ?? 0;
          n[at] = (n[at] ?? 0) + 1;
        }
      }
      for (let at = nullable ? 1 : 0; at < n.length; at++) {
        if ((n[at] ?? 0) === 0) continue;
        const slot = g.slot(base + at * stride);
        if (add) g.distinct[slot] = (g.distinct[slot] ?? 0) + (n[at] ?? 0);
      }
      return;
    }
    for (let w = 0; w < W; w++) {
      let v = work[w] ?? 0;
      while (v !== 0) {
        const low = v & -v;
        v ^= low;
        const k = unitKey((w << 5) | (31 - Math.clz32(low)));
        if (k < 0) continue;
        const slot = g.slot(base + k);
        if (add) g.distinct[slot] = (g.distinct[slot] ?? 0) + 1;
      }
    }
  };
  // Per year without the year in the key (a unit counts in a year it has a grant and a row
  // in): the years' units ORed, then counted once.
  const merge = perYear && ys === 0;
  const counted = merge ? sizeParts.map(() => new Int32Array(W)) : [];
  const uncounted = merge && zeroSized ? sizeParts.map(() => new Int32Array(W)) : [];
  for (const [foldKey, fold] of folds) {
    for (const a of counted) a.fill(0);
    for (const a of uncounted) a.fill(0);
    for (const s of spans) {
      // No unit has a row in a population year outside the data: none counts.
      const inData = s.t >= 0 && s.t < Y;
      if (!inData && !zeroSized) continue;
      orFold(bits, fold, s.a, s.b);
      sizeParts.forEach((part, i) => {
        const base = foldKey + s.key + (ss !== 0 ? (part[0] ?? 0) * ss : 0);
        const counts = countsOf(s.t, i);
        const into = counted[i];
        if (into)
          for (let w = 0; w < W; w++)
            into[w] = (into[w] ?? 0) | ((bits[w] ?? 0) & (counts[w] ?? 0));
        else {
          for (let w = 0; w < W; w++) work[w] = (bits[w] ?? 0) & (counts[w] ?? 0);
          addWork(base, true);
        }
        if (!zeroSized) return;
        const rest = uncounted[i] ?? work;
        for (let w = 0; w < W; w++) {
          const v = (bits[w] ?? 0) & ~(counts[w] ?? 0) & (filter ? (filter[w] ?? 0) : -1);
          rest[w] = rest === work ? v : (rest[w] ?? 0) | v;
        }
        if (rest === work) addWork(base, false);
      });
    }
    if (!merge) continue;
    sizeParts.forEach((part, i) => {
      const base = foldKey + (ss !== 0 ? (part[0] ?? 0) * ss : 0);
      const done = counted[i] ?? work;
      work.set(done);
      addWork(base, true);
      const rest = uncounted[i];
      if (!rest) return;
      for (let w = 0; w < W; w++) work[w] = (rest[w] ?? 0) & ~(done[w] ?? 0);
      addWork(base, false);
    });
  }
}

/**
 * memorySupportedOutside (a breakdown's "others" row) from the bits: the units counted in a
 * group (the rules of distinctFromBits) whose key `kept` does not hold, each once.
 */
export function outsideFromBits(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  perYear: boolean,
  heads: readonly number[],
  span: { a: number; b: number },
  kept: (key: number) => boolean,
): number {
  const layout = layoutOf(m, rf, p, perYear, heads, span);
  if (!layout) return 0;
  const { Y, W, ss, runs, folds, spans, sizeParts, countsOf, orFold } = layout;
  bitsPaths.outside++;
  const bits = new Int32Array(W);
  const found = new Int32Array(W);
  const { unitKey } = p;
  // By province (beside the grant side and the size): the unit sets are by province, so a
  // group's outside units are those of the provinces it does not keep, ORed alone; no unit is
  // walked (at `large`, by province x year under two categories ~30 -> ms of CPU).
  const byProvince = p.dims.every((d) => UNIT_FREE.has(d.column) || d.column === 'province');
  const ps = strideOf(p, 'province');
  const provinces = runs.flatMap(([f, l]) => Array.from({ length: l - f + 1 }, (_, j) => f + j));
  for (const [foldKey, fold] of folds) {
    for (const s of spans) {
      if (s.t < 0 || s.t >= Y) continue; // no unit counts in a year outside the data
      let made = false;
      sizeParts.forEach((part, i) => {
        const base = foldKey + s.key + (ss !== 0 ? (part[0] ?? 0) * ss : 0);
        if (byProvince) {
          const outside = provinces.filter((v) => !kept(base + v * ps));
          if (outside.length === 0) return;
          orFold(
            bits,
            fold,
            s.a,
            s.b,
            outside.map((v) => [v, v] as const),
          );
        } else if (!made) {
          orFold(bits, fold, s.a, s.b);
          made = true;
        }
        const counts = countsOf(s.t, i);
        for (let w = 0; w < W; w++) {
          let v = (bits[w] ?? 0) & (counts[w] ?? 0) & ~(found[w] ?? 0);
          if (byProvince) {
            found[w] = (found[w] ?? 0) | v;
            continue;
          }
          while (v !== 0) {
            const low = v & -v;
            v ^= low;
            const k = unitKey((w << 5) | (31 - Math.clz32(low)));
            if (k >= 0 && !kept(base + k)) found[w] = (found[w] ?? 0) | low;
          }
        }
      });
    }
  }
  let n = 0;
  for (let w = 0; w < W; w++) n += popcount(found[w] ?? 0);
  return n;
}

/**
 * The key's one unit column (province, park, cluster or sector: the scan's values by unit, its
 * stride, a tally array of its radix), or null for more, none or the unit itself.
 */
function tallyOf(p: Plan) {
  const { scan } = p;
  const dim = p.dims.find((d) => !UNIT_FREE.has(d.column));
  if (scan.nParts !== 1 || scan.values === null || !dim) return null;
  const { values, stride, nullable } = scan;
  return { values, counts: new Int32Array(dim.radix), stride, nullable };
}

/**
 * distinctFromBits by park or cluster alone, as an array by group position (0: none), for the
 * group cells' read under several whole categories (group-pass.ts): their sums add up over the
 * categories' cells, their units do not.
 */
export function distinctByGroup(
  m: MemoryFacts,
  rf: ResolvedFilters,
  column: 'park' | 'cluster',
): Int32Array {
  const p = plan(m, rf, [column]);
  const out = new Int32Array(p.radix);
  const span = yearSpan(m, rf.from, rf.to);
  if (!span || rf.headings === null) return out;
  const heads = selectedHeadings(m, rf);
  const g = new Groups(p.radix);
  distinctFromBits(m, rf, p, g, false, heads, { a: span[0], b: span[1] }, false);
  for (const key of g.keys) out[key] = g.distinct[g.slotOf(key)] ?? 0;
  return out;
}

/**
 * memoryGrantRows' distinct supported units (sums 0) of a read grouped by `columns`, from the
 * bits alone whatever the cost: the engine tests hold them to the raw SQL on every shape.
 */
export function bitsSupportedRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
  perYear: boolean,
): Record<string, unknown>[] | null {
  if (!m.byHeading || !bitsCover(columns)) return null;
  const p = plan(m, rf, columns);
  const g = new Groups(p.radix);
  const span = yearSpan(m, rf.from, rf.to);
  if (span) {
    const heads = selectedHeadings(m, rf);
    distinctFromBits(m, rf, p, g, perYear, heads, { a: span[0], b: span[1] }, true);
  }
  return supportedRowsOf(p, g);
}

/**
 * The grants and amounts of several headings' pairs (heading-pass.ts walkPairs' sums) where the
 * key is one unit column alone (by park, cluster, province or sector; not per year): a tally by
 * the column's value in local arrays, the unit filters and a size filter in `to` as one bit set
 * tested per pair, where the walk called passes(), unitKey() and the groups per pair and grant.
 * False, doing nothing, for another key.
 */
export function sumPairsByColumn(
  m: MemoryFacts,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  heads: readonly number[],
  span: { a: number; b: number },
): boolean {
  const x = m.byHeading;
  const tally = tallyOf(p);
  if (!x || !tally || perYear || p.dims.length !== 1) return false;
  bitsPaths.pairSums++;
  const W = x.unitWords;
  // The units that pass: the unit filters, and a size allowed in `to` (none outside the data:
  // every grant drops).
  let ok = filterBits(m, p.scan, ['province', 'park', 'cluster', 'sector'], W);
  if (p.sizeOk !== null) {
    const sized = new Int32Array(W);
    orSizeBits(x, m.nYears, rf.to - m.yMin, p.sizeOk, sized);
    if (ok) for (let w = 0; w < W; w++) sized[w] = (sized[w] ?? 0) & (ok[w] ?? 0);
    ok = sized;
  }
  const { values, stride, nullable } = tally;
  const n = tally.counts.length;
  const count = new Float64Array(n);
  const amount = new Float64Array(n);
  const over = new Map<number, bigint>();
  const { a, b } = span;
  const range = yearBits(a, b);
  const { pairStart, pairUnit, pairYears, runStart, grantYear, grantAmount } = x;
  for (const h of heads) {
    const end = pairStart[h + 1] ?? 0;
    for (let k = pairStart[h] ?? 0; k < end; k++) {
      if (((pairYears[k] ?? 0) & range) === 0) continue;
      const u = pairUnit[k] ?? 0;
      if (ok && (((ok[u >>> 5] ?? 0) >>> (u & 31)) & 1) === 0) continue;
      const v = values[u] ?? 0;
      if (nullable && v === 0) continue;
      const last = runStart[k + 1] ?? 0;
      for (let i = runStart[k] ?? 0; i < last; i++) {
        const y = grantYear[i] ?? 0;
        if (y < a || y > b) continue;
        count[v] = (count[v] ?? 0) + 1;
        addMoney(amount, over, v, grantAmount[i] ?? 0);
      }
    }
  }
  for (let v = 0; v < n; v++) {
    if ((count[v] ?? 0) === 0) continue;
    const s = g.slot(v * stride);
    g.count[s] = (g.count[s] ?? 0) + (count[v] ?? 0);
    g.add(s, amount[v] ?? 0);
    const spilled = over.get(v);
    if (spilled !== undefined) g.overflow.set(s, (g.overflow.get(s) ?? 0n) + spilled);
  }
  return true;
}

/**
 * memoryGrantRows' grants and amounts (distinct units 0) of a read by one unit column from
 * sumPairsByColumn whatever the cost, null for another key: the engine tests hold them to the
 * raw SQL.
 */
export function pairSumRows(
  m: MemoryFacts,
  rf: ResolvedFilters,
  columns: readonly Column[],
): Record<string, unknown>[] | null {
  const p = plan(m, rf, columns);
  const g = new Groups(p.radix);
  const span = yearSpan(m, rf.from, rf.to);
  if (!span) return [];
  const heads = selectedHeadings(m, rf);
  if (!sumPairsByColumn(m, rf, p, g, false, heads, { a: span[0], b: span[1] })) return null;
  return supportedRowsOf(p, g);
}
