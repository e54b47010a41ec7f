import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { quarterOfMonth } from '../domain/jalali.ts';
import { num } from './metric-sql.ts';
import type { ReferenceMaps } from './reference-lookup.ts';
import { MAX_SUPPORTED_YEARS, SEL_ALL, SEL_CATEGORY, SEL_HEADING } from './rollup-catalog.ts';

const UNIT_BATCH = 50_000;
const INSERT_CHUNK = 1000;

/** Dense 0-based positions for ids, so counters can live in typed arrays. */
function positions(ids: Iterable<number>): Map<number, number> {
  return new Map([...ids].sort((a, b) => a - b).map((id, i) => [id, i]));
}

interface Selection {
  kind: number;
  id: number;
}

/**
 * Distinct supported units for every (from, to) range, Jalali quarter and month, per heading
 * selection × province × sector, in one streaming pass over disbursed grants ordered by unit:
 * each unit's year bitmask per selection says in which ranges it counts, exactly once. Writes
 * ru_supported, ru_supported_quarter and ru_supported_month; returns their row counts, or null
 * when the year span is too wide for bitmasks (the raw tables answer then).
 */
export async function buildSupportedRollups(
  tx: Transaction<Database> | Kysely<Database>,
  refs: ReferenceMaps,
): Promise<{ years: { min: number; max: number }; rows: Record<string, number> } | null> {
  const { rows: bounds } = await sql<{
    y_min: number | null;
    y_max: number | null;
    u_min: number | null;
    u_max: number | null;
  }>`select (select min(year) from grants where status = 'disbursed') as y_min,
            (select max(year) from grants where status = 'disbursed') as y_max,
            (select min(id) from units) as u_min, (select max(id) from units) as u_max`.execute(tx);
  const b = bounds[0];
  if (!b || b.y_min === null || b.y_max === null || b.u_min === null || b.u_max === null) {
    return { years: { min: 0, max: -1 }, rows: {} };
  }
  const yMin = num(b.y_min);
  const nYears = num(b.y_max) - yMin + 1;
  if (nYears > MAX_SUPPORTED_YEARS) return null;

  const provinces = positions(refs.provinces.byId.keys());
  const sectors = positions(refs.sectors.byId.keys());
  const categories = positions(refs.categories.byId.keys());
  const headings = positions(refs.headings.byId.keys());
  const selections: Selection[] = [
    { kind: SEL_ALL, id: 0 },
    ...[...categories.keys()].map((id) => ({ kind: SEL_CATEGORY, id })),
    ...[...headings.keys()].map((id) => ({ kind: SEL_HEADING, id })),
  ];
  const nSel = selections.length;
  const nP = provinces.size;
  const nS = sectors.size;
  const cells = nSel * nP * nS;
  const ranges: { from: number; to: number; mask: number }[] = [];
  for (let a = 0; a < nYears; a++) {
    for (let z = a; z < nYears; z++) {
      ranges.push({ from: yMin + a, to: yMin + z, mask: ((1 << (z + 1)) - 1) & ~((1 << a) - 1) });
    }
  }
  const rangeCounts = new Int32Array(ranges.length * cells);
  const quarterCounts = new Int32Array(nYears * 4 * cells);
  const monthCounts = new Int32Array(nYears * 12 * cells);

  // Per-unit state, reset when the unit changes.
  let unit = -1;
  let cell = 0;
  const masks = new Int32Array(nSel);
  const touched: number[] = [];
  const quarterSeen = new Set<number>();
  const monthSeen = new Set<number>();
  const flush = () => {
    for (const sel of touched) {
      const mask = masks[sel] ?? 0;
      for (let r = 0; r < ranges.length; r++) {
        if (mask & (ranges[r]?.mask ?? 0)) bump(rangeCounts, r * cells + sel * nP * nS + cell);
      }
      masks[sel] = 0;
    }
    for (const k of quarterSeen) bump(quarterCounts, k * nP * nS + cell);
    for (const k of monthSeen) bump(monthCounts, k * nP * nS + cell);
    touched.length = 0;
    quarterSeen.clear();
    monthSeen.clear();
  };
  const mark = (sel: number, yearIdx: number, month: number) => {
    if (!masks[sel]) touched.push(sel);
    masks[sel] = (masks[sel] ?? 0) | (1 << yearIdx);
    // Bucket keys already include the selection, so the flush can index the counters directly.
    quarterSeen.add((yearIdx * 4 + quarterOfMonth(month) - 1) * nSel + sel);
    monthSeen.add((yearIdx * 12 + month - 1) * nSel + sel);
  };

  const uMax = num(b.u_max);
  for (let lo = num(b.u_min); lo <= uMax; lo += UNIT_BATCH) {
    const { rows } = await sql<{
      unit_id: number;
      province_id: number;
      sector_id: number;
      heading_id: number;
      year: number;
      month: number;
    }>`select g.unit_id, u.province_id, u.sector_id, g.heading_id, g.year, g.month
       from grants g join units u on u.id = g.unit_id
       where g.status = 'disbursed' and g.unit_id >= ${lo} and g.unit_id < ${lo + UNIT_BATCH}
       order by g.unit_id`.execute(tx);
    for (const r of rows) {
      const u = num(r.unit_id);
      if (u !== unit) {
        flush();
        unit = u;
        cell = (provinces.get(num(r.province_id)) ?? 0) * nS + (sectors.get(num(r.sector_id)) ?? 0);
      }
      const yearIdx = num(r.year) - yMin;
      const month = num(r.month);
      const heading = num(r.heading_id);
      const h = headings.get(heading);
      const c = categories.get(refs.categoryOfHeading.get(heading) ?? -1);
      mark(0, yearIdx, month);
      if (c !== undefined) mark(1 + c, yearIdx, month);
      if (h !== undefined) mark(1 + categories.size + h, yearIdx, month);
    }
  }
  flush();

  const provinceIds = [...provinces.keys()];
  const sectorIds = [...sectors.keys()];
  /** Expands a counter index into its selection/province/sector columns. */
  const cellColumns = (i: number) => {
    const sel = selections[Math.floor(i / (nP * nS))] ?? { kind: 0, id: 0 };
    const rest = i % (nP * nS);
    return {
      sel_kind: sel.kind,
      sel_id: sel.id,
      province_id: provinceIds[Math.floor(rest / nS)] ?? 0,
      sector_id: sectorIds[rest % nS] ?? 0,
    };
  };
  const rangeRows = collect(rangeCounts, cells, (bucket, i, units) => ({
    from_year: ranges[bucket]?.from ?? 0,
    to_year: ranges[bucket]?.to ?? 0,
    ...cellColumns(i),
    units,
  }));
  const quarterRows = collect(quarterCounts, cells, (bucket, i, units) => ({
    year: yMin + Math.floor(bucket / 4),
    quarter: (bucket % 4) + 1,
    ...cellColumns(i),
    units,
  }));
  const monthRows = collect(monthCounts, cells, (bucket, i, units) => ({
    year: yMin + Math.floor(bucket / 12),
    month: (bucket % 12) + 1,
    ...cellColumns(i),
    units,
  }));
  for (let i = 0; i < rangeRows.length; i += INSERT_CHUNK) {
    await tx
      .insertInto('ru_supported')
      .values(rangeRows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  for (let i = 0; i < quarterRows.length; i += INSERT_CHUNK) {
    await tx
      .insertInto('ru_supported_quarter')
      .values(quarterRows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  for (let i = 0; i < monthRows.length; i += INSERT_CHUNK) {
    await tx
      .insertInto('ru_supported_month')
      .values(monthRows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  return {
    years: { min: yMin, max: yMin + nYears - 1 },
    rows: {
      ru_supported: rangeRows.length,
      ru_supported_quarter: quarterRows.length,
      ru_supported_month: monthRows.length,
    },
  };
}

function bump(counts: Int32Array, i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

/** Non-zero counters as rows: index = bucket × cells + cell. */
function collect<T>(
  counts: Int32Array,
  cells: number,
  row: (bucket: number, cell: number, units: number) => T,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i] ?? 0;
    if (v > 0) out.push(row(Math.floor(i / cells), i % cells, v));
  }
  return out;
}
