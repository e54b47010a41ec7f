import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import type { HeadingClassCells } from '../facts/heading-class-cells.ts';
import { tri } from '../facts/heading-class-cells.ts';
import type { Column } from '../sql/filter-sql.ts';
import type { Groups, Plan } from './memory-aggregate.ts';

function strideOf(p: Plan, column: Column): number {
  const i = p.dims.findIndex((d) => d.column === column);
  return i < 0 ? 0 : (p.strides[i] ?? 0);
}

const SIZES = 3;

/** Per-position "allowed" flags of a filter's ids, null for none. */
function flagsOf(
  ids: readonly number[] | null,
  index: ReadonlyMap<number, number>,
  n: number,
): Uint8Array | null {
  if (ids === null) return null;
  const ok = new Uint8Array(n);
  for (const id of ids) {
    const v = index.get(id);
    if (v !== undefined) ok[v] = 1;
  }
  return ok;
}

/**
 * The grant read of memoryGrantRows from the class cells (heading-class-cells.ts), under
 * classCellsCover: a group's grants and amount are its cells' sums (sized ones in the population
 * year where a size filter asks), its distinct units its classes' pairs meeting its years,
 * counted in the population year (a unit has one class a year; a heading's pairs are distinct
 * units; by category the (unit, category) pairs).
 */
export function fromClassCells(
  m: MemoryFacts,
  c: HeadingClassCells,
  rf: ResolvedFilters,
  p: Plan,
  g: Groups,
  perYear: boolean,
  sums: boolean,
  heads: readonly number[],
  span: { a: number; b: number },
): void {
  const Y = m.nYears;
  const P = m.provinces.ids.length;
  const S = m.sectors.ids.length;
  const K = c.classes;
  const T = c.tri;
  const hs = strideOf(p, 'heading');
  const cs = strideOf(p, 'category');
  const ps = strideOf(p, 'province');
  const ss = strideOf(p, 'sector');
  const ys = strideOf(p, 'year');
  const byCategory = hs === 0 && cs !== 0;
  const provinceOk = flagsOf(rf.provinces, m.provinces.index, P);
  const sectorOk = flagsOf(rf.sectors, m.sectors.index, S);
  const sizeOk = p.sizeOk;
  const sizeAllowed = (z: number) => sizeOk === null || sizeOk[z] === 1;
  const toPos = rf.to - m.yMin;
  // Per group: its population year and the years its grants are in.
  const years: [number, number, number][] = perYear
    ? Array.from({ length: span.b - span.a + 1 }, (_, i) => [span.a + i, span.a + i, span.a + i])
    : [[toPos, span.a, span.b]];
  const plainSpill = c.spill.size > 0;
  const sizedSpill = c.sizedSpill.size > 0;
  // By category: the groups made, with their (category, province, sector, population year).
  const made = byCategory ? new Map<number, [number, number, number, number, number]>() : null;
  // The cells of one (heading, province, sector) under the years: each visited twice (the
  // group is made only where they hold a grant), its amount added cell by cell (exact spill).
  const eachCell = (
    hps: number,
    classBase: number,
    t: number,
    a: number,
    b: number,
    f: (cell: number, plain: boolean) => void,
  ) => {
    if (sizeOk === null) {
      for (let y = a; y <= b; y++) f(hps * Y + y, true);
      return;
    }
    if (t < 0 || t >= Y) return;
    for (let z = 1; z <= SIZES; z++) {
      if (sizeOk[z] !== 1) continue;
      const cell = (classBase + z - 1) * T;
      for (let y = a; y <= b; y++) f(cell + tri(t, y), false);
    }
  };
  for (const h of heads) {
    const cat = m.categoryOfHeading[h] ?? 0;
    const headingKey = h * hs + cat * cs;
    for (let prov = 0; prov < P; prov++) {
      if (provinceOk && provinceOk[prov] !== 1) continue;
      for (let sec = 0; sec < S; sec++) {
        if (sectorOk && sectorOk[sec] !== 1) continue;
        const hps = (h * P + prov) * S + sec;
        const classBase = h * K + (prov * S + sec) * SIZES;
        const base = headingKey + prov * ps + sec * ss;
        for (const [t, a, b] of years) {
          let count = 0;
          eachCell(hps, classBase, t, a, b, (cell, plain) => {
            count += (plain ? c.grants[cell] : c.sizedGrants[cell]) ?? 0;
          });
          if (count === 0) continue;
          const key = base + t * ys;
          const s = g.slot(key);
          made?.set(key, [cat, prov, sec, t, a]);
          if (sums) {
            g.count[s] = (g.count[s] ?? 0) + count;
            eachCell(hps, classBase, t, a, b, (cell, plain) => {
              g.add(s, (plain ? c.amount[cell] : c.sizedAmount[cell]) ?? 0);
              const over = plain
                ? plainSpill && c.spill.get(cell)
                : sizedSpill && c.sizedSpill.get(cell);
              if (over) g.overflow.set(s, (g.overflow.get(s) ?? 0n) + over);
            });
          }
          if (byCategory || t < 0 || t >= Y) continue;
          let n = 0;
          for (let z = 1; z <= SIZES; z++) {
            if (sizeAllowed(z)) n += c.units[(classBase + z - 1) * T + tri(t, a)] ?? 0;
          }
          g.distinct[s] = (g.distinct[s] ?? 0) + n;
        }
      }
    }
  }
  if (!made) return;
  // By category: its (unit, category) pairs, once per group; a key without the province or
  // sector sums over the allowed ones.
  for (const [key, [cat, prov, sec, t, a]] of made) {
    if (t < 0 || t >= Y) continue;
    let n = 0;
    for (let pr = 0; pr < P; pr++) {
      if ((ps !== 0 && pr !== prov) || (provinceOk && provinceOk[pr] !== 1)) continue;
      for (let se = 0; se < S; se++) {
        if ((ss !== 0 && se !== sec) || (sectorOk && sectorOk[se] !== 1)) continue;
        for (let z = 1; z <= SIZES; z++) {
          if (!sizeAllowed(z)) continue;
          n += c.categoryUnits[(cat * K + (pr * S + se) * SIZES + z - 1) * T + tri(t, a)] ?? 0;
        }
      }
    }
    const s = g.slotOf(key);
    g.distinct[s] = (g.distinct[s] ?? 0) + n;
  }
}
