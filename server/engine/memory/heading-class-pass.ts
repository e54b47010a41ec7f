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
  /** false: the sums alone (several headings folded: their units are supported-bits.ts's). */
  distinct = true,
): void {
  const Y = m.nYears;
  const P = m.provinces.ids.length;
  const S = c.sectors;
  const K = c.classes;
  const T = c.tri;
  const hs = strideOf(p, 'heading');
  const cs = strideOf(p, 'category');
  const ps = strideOf(p, 'province');
  const ss = strideOf(p, 'sector');
  const ys = strideOf(p, 'year');
  // By category the (unit, category) pairs, but under one heading its own units: the pairs
  // count a unit with a grant under any heading of the category (classCellsCover: one heading).
  const byCategory = distinct && hs === 0 && cs !== 0 && heads.length > 1;
  const provinceOk = flagsOf(rf.provinces, m.provinces.index, P);
  const sectorOk = S === 1 ? null : flagsOf(rf.sectors, m.sectors.index, S);
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
  // The sums of one group, gathered over the consecutive (heading, province, sector) classes
  // that share its key (by heading alone, all of a heading's; by heading × province, all of a
  // province's sectors) and written once: at `large` by heading with a size filter the 21k
  // classes' slot look-ups and money adds cost ~12 ms of CPU. Per year of `years`; the amount
  // exact (spilled to a bigint past 2^52, as addMoney); a group made only where a class holds
  // a grant.
  const nY = years.length;
  let pendBase = -1;
  let pendCat = 0;
  let pendProv = 0;
  let pendSec = 0;
  const pendCount = new Float64Array(nY);
  const pendAmount = new Float64Array(nY);
  const pendUnits = new Float64Array(nY);
  const pendOver: bigint[] = new Array<bigint>(nY).fill(0n);
  const flush = () => {
    for (let yi = 0; yi < nY; yi++) {
      const count = pendCount[yi] ?? 0;
      if (count === 0) continue;
      const [t, a] = years[yi] ?? [0, 0];
      const key = pendBase + t * ys;
      const s = g.slot(key);
      made?.set(key, [pendCat, pendProv, pendSec, t, a]);
      if (sums) {
        g.count[s] = (g.count[s] ?? 0) + count;
        g.add(s, pendAmount[yi] ?? 0);
        const over = pendOver[yi] ?? 0n;
        if (over !== 0n) g.overflow.set(s, (g.overflow.get(s) ?? 0n) + over);
      }
      if (distinct && !byCategory && t >= 0 && t < Y)
        g.distinct[s] = (g.distinct[s] ?? 0) + (pendUnits[yi] ?? 0);
      pendCount[yi] = 0;
      pendAmount[yi] = 0;
      pendUnits[yi] = 0;
      pendOver[yi] = 0n;
    }
  };
  const addAmount = (yi: number, v: number) => {
    const before = pendAmount[yi] ?? 0;
    const next = before + v;
    if (next >= 2 ** 52) {
      pendOver[yi] = (pendOver[yi] ?? 0n) + BigInt(before) + BigInt(v);
      pendAmount[yi] = 0;
    } else pendAmount[yi] = next;
  };
  const { grants, amount, sizedGrants, sizedAmount, spill, sizedSpill: sized, units } = c;
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
        if (base !== pendBase) {
          flush();
          pendBase = base;
        }
        pendCat = cat;
        pendProv = prov;
        pendSec = sec;
        for (let yi = 0; yi < nY; yi++) {
          const [t, a, b] = years[yi] ?? [0, 0, -1];
          let count = 0;
          if (sizeOk === null) {
            for (let y = a; y <= b; y++) count += grants[hps * Y + y] ?? 0;
          } else if (t >= 0 && t < Y) {
            for (let z = 1; z <= SIZES; z++) {
              if (sizeOk[z] !== 1) continue;
              const cell = (classBase + z - 1) * T;
              for (let y = a; y <= b; y++) count += sizedGrants[cell + tri(t, y)] ?? 0;
            }
          }
          if (count === 0) continue;
          pendCount[yi] = (pendCount[yi] ?? 0) + count;
          if (sums) {
            if (sizeOk === null) {
              for (let y = a; y <= b; y++) {
                const cell = hps * Y + y;
                addAmount(yi, amount[cell] ?? 0);
                const over = plainSpill && spill.get(cell);
                if (over) pendOver[yi] = (pendOver[yi] ?? 0n) + over;
              }
            } else {
              for (let z = 1; z <= SIZES; z++) {
                if (sizeOk[z] !== 1) continue;
                const first = (classBase + z - 1) * T;
                for (let y = a; y <= b; y++) {
                  const cell = first + tri(t, y);
                  addAmount(yi, sizedAmount[cell] ?? 0);
                  const over = sizedSpill && sized.get(cell);
                  if (over) pendOver[yi] = (pendOver[yi] ?? 0n) + over;
                }
              }
            }
          }
          if (!distinct || byCategory || t < 0 || t >= Y) continue;
          let n = 0;
          for (let z = 1; z <= SIZES; z++) {
            if (sizeAllowed(z)) n += units[(classBase + z - 1) * T + tri(t, a)] ?? 0;
          }
          pendUnits[yi] = (pendUnits[yi] ?? 0) + n;
        }
      }
    }
  }
  flush();
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
