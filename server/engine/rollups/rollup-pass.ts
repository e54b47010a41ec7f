import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { num } from '../sql/metric-sql.ts';
import {
  densePositions,
  sizeIdOfEmployees,
  type ReferenceMaps,
} from '../facts/reference-lookup.ts';
import type { RollupIo } from './rollup-io.ts';
import { MAX_SUPPORTED_YEARS } from '../planner/rollup-catalog.ts';
import { SupportedCounter } from './supported-counter.ts';
import { GrantSums } from './grant-sums.ts';
import { factsHoldAmount, type FactsBuilder } from '../facts/facts-builder.ts';
import { lap, timed } from './rebuild-timings.ts';

type Db = Kysely<Database> | Transaction<Database>;

function insertTimed(io: RollupIo, ...args: Parameters<RollupIo['insert']>): Promise<number> {
  return timed(`insert ${args[0]}`, () => io.insert(...args));
}

const UNIT_BATCH = 50_000;
/** Units summed between two event-loop turns (a few ms of work at `large`). */
const YIELD_EVERY_UNITS = 2_000;

/** Adds units and their employment to a (year, province × sector, size) cell. */
function addUnits(cells: Map<number, [number, number]>, key: number, n: number, emp: number) {
  const cell = cells.get(key);
  if (cell) {
    cell[0] += n;
    cell[1] += emp;
  } else cells.set(key, [n, emp]);
}

const sizeId = sizeIdOfEmployees;

/**
 * Fills the rollups summed per unit (ru_units_ps, ru_change_ps, ru_grants, ru_supported and, with
 * `fine`, the fine ones: ru_units, ru_change, ru_grants_park, ru_grants_month and the quarter and
 * month supported-units tables) in one pass over units, ordered by id in batches: each batch
 * reads the units, their employment rows and their disbursed grants (all by index ranges) and
 * aggregates in memory. Employment change for every pair of years is summed per unit here, which
 * SQL could only do through a 28-way self-join. Returns the row counts and the years covered.
 * Without `fine`, a disbursed amount the facts cannot hold (factsHoldAmount) stops it before any
 * insert (`inexact`): the caller then builds the fine rollups, which answer in the facts' place.
 */
export async function fillRollupsInOnePass(
  db: Db,
  io: RollupIo,
  refs: ReferenceMaps,
  facts: FactsBuilder | null = null,
  fine = true,
): Promise<{
  rows: Record<string, number>;
  years: { min: number; max: number } | null;
  /** Every unit went through `facts` (not when there was nothing to roll up). */
  fedFacts: boolean;
  /** Without `fine`: an amount the facts cannot hold was found, and nothing was written. */
  inexact: boolean;
}> {
  const { rows: b } = await sql<Record<string, unknown>>`select
      (select min(id) from units) as u_min, (select max(id) from units) as u_max,
      (select min(year) from employment) as e_min, (select max(year) from employment) as e_max,
      (select min(year) from grants where status = 'disbursed') as g_min,
      (select max(year) from grants where status = 'disbursed') as g_max`.execute(db);
  const bounds = b[0] ?? {};
  const yearsSeen = [bounds.e_min, bounds.e_max, bounds.g_min, bounds.g_max]
    .filter((v) => v !== null && v !== undefined)
    .map(num);
  if (bounds.u_min === null || bounds.u_min === undefined || yearsSeen.length === 0) {
    return { rows: {}, years: null, fedFacts: false, inexact: false };
  }
  const yMin = Math.min(...yearsSeen);
  const nYears = Math.max(...yearsSeen) - yMin + 1;
  const P = densePositions(refs.provinces.byId.keys());
  const S = densePositions(refs.sectors.byId.keys());
  const C = densePositions(refs.categories.byId.keys());
  const H = densePositions(refs.headings.byId.keys());
  const nP = P.ids.length;
  const nS = S.ids.length;
  const nH = H.ids.length;
  const headingSelections = H.ids.map((id, h) => {
    const c = C.index.get(refs.categoryOfHeading.get(id) ?? -1);
    return c === undefined ? [0, 1 + C.ids.length + h] : [0, 1 + c, 1 + C.ids.length + h];
  });
  const counter =
    nYears <= MAX_SUPPORTED_YEARS
      ? new SupportedCounter(yMin, nYears, P.ids, S.ids, C.ids, H.ids, fine)
      : null;
  let inexact = false;

  // (province, park, cluster, sector) combinations, numbered as they appear.
  const comboIndex = new Map<string, number>();
  const combos: [number, number | null, number | null, number][] = [];
  const comboPs: number[] = []; // each combination's dense (province, sector) position
  const units = new GrantSums(); // (combo, year, size) → units, employment
  const change = new Map<number, number>(); // (combo, from, to, size in to) → change
  const grants = new GrantSums(); // (year, province, sector, size|0, heading)
  const parkGrants = new GrantSums(); // (combo, year, size|0)
  const monthGrants = new GrantSums(); // (year, month, province, sector, heading)
  const employees = new Int32Array(nYears);
  // The province × sector rollups (ru_units_ps, ru_change_ps): summed per unit without the fine
  // ones; with them, from their rows as they are written (GROUP BY over 4.4M ru_change rows cost
  // SQLite 8 s at `large`).
  const nPs = nP * nS;
  const unitsPs = new Map<number, [number, number]>(); // (year, ps, size) → units, employment
  const changePs = new Map<number, number>(); // (from, to, ps, size) → change

  const uMax = num(bounds.u_max);
  const read = (lo: number) => {
    if (lo > uMax) return null;
    const rows = Promise.all([
      io.units(lo, lo + UNIT_BATCH),
      io.employment(lo, lo + UNIT_BATCH),
      io.grants(lo, lo + UNIT_BATCH),
    ]);
    rows.catch(() => undefined); // awaited below, unless the pass stops first
    return rows;
  };
  // SQLite's reads run inside read(): timed there.
  const readTimed = (lo: number) => {
    const started = performance.now();
    const rows = read(lo);
    lap('pass: read', started);
    return rows;
  };
  let next = readTimed(num(bounds.u_min));
  for (let lo = num(bounds.u_min); ; lo += UNIT_BATCH) {
    const batch = next;
    if (!batch) break;
    const [unitRows, empRows, grantRows] = await timed('pass: read', () => batch);
    // Where the reads are asynchronous (PostgreSQL) the next batch is read while this one is
    // summed: its rows arrive in the event-loop turns the loop below yields, the server working
    // beside this thread. SQLite reads at once, so it reads after, one batch in memory at a time.
    next = io.readsAhead ? read(lo + UNIT_BATCH) : null;
    let aggregating = performance.now();
    let e = 0;
    let g = 0;
    for (let i = 0; i < unitRows.length; i++) {
      if (io.readsAhead && i % YIELD_EVERY_UNITS === YIELD_EVERY_UNITS - 1) {
        lap('pass: aggregate', aggregating);
        await timed('pass: turns (next rows arriving)', () => new Promise(setImmediate));
        aggregating = performance.now();
      }
      const u = unitRows[i] ?? [];
      const id = num(u[0]);
      const p = P.index.get(num(u[1])) ?? 0;
      const s = S.index.get(num(u[4])) ?? 0;
      const park = u[2] === null ? null : num(u[2]);
      const cluster = u[3] === null ? null : num(u[3]);
      facts?.unit(id, u[1], u[2], u[3], u[4]);
      const ps = p * nS + s;
      let combo = 0;
      if (fine) {
        const comboKey = `${p},${park},${cluster},${s}`;
        const known = comboIndex.get(comboKey);
        if (known === undefined) {
          combo = combos.length;
          comboIndex.set(comboKey, combo);
          combos.push([P.ids[p] ?? 0, park, cluster, S.ids[s] ?? 0]);
          comboPs.push(ps);
        } else combo = known;
      }

      employees.fill(-1);
      let present = 0; // bit y: an employment row in year yMin + y
      for (; e < empRows.length && num(empRows[e]?.[0]) === id; e++) {
        const r = empRows[e] ?? [];
        employees[num(r[1]) - yMin] = num(r[2]);
        facts?.employment(num(r[1]), num(r[2]));
        present |= 1 << (num(r[1]) - yMin);
      }
      for (let y = 0; y < nYears; y++) {
        const n = employees[y] ?? -1;
        if (n < 0) continue;
        const size = sizeId(n) - 1;
        if (fine) units.add((combo * nYears + y) * 3 + size, n);
        else addUnits(unitsPs, (y * nPs + ps) * 3 + size, 1, n);
        for (let a = 0; a < y; a++) {
          const before = employees[a] ?? -1;
          if (before < 0) continue;
          const k = fine
            ? ((combo * nYears + a) * nYears + y) * 3 + size
            : ((a * nYears + y) * nPs + ps) * 3 + size;
          const into = fine ? change : changePs;
          into.set(k, (into.get(k) ?? 0) + n - before);
        }
      }

      for (; g < grantRows.length && num(grantRows[g]?.[0]) === id; g++) {
        const r = grantRows[g] ?? [];
        const y = num(r[2]) - yMin;
        const month = num(r[3]);
        const h = H.index.get(num(r[1])) ?? 0;
        const amount = num(r[4]);
        facts?.grant(r[1], num(r[2]), month, r[4]);
        if (!fine && !factsHoldAmount(amount)) inexact = true;
        const n = employees[y] ?? -1;
        const size = n < 0 ? 0 : sizeId(n);
        grants.add((((y * nP + p) * nS + s) * 4 + size) * nH + h, amount);
        if (fine) {
          parkGrants.add((combo * nYears + y) * 4 + size, amount);
          monthGrants.add((((y * 12 + month - 1) * nP + p) * nS + s) * nH + h, amount);
        }
        counter?.grant(headingSelections[h] ?? [0], y, month);
      }
      counter?.endUnit(p, s, present);
    }
    lap('pass: aggregate', aggregating);
    if (inexact) return { rows: {}, years: null, fedFacts: false, inexact };
    if (!io.readsAhead) next = readTimed(lo + UNIT_BATCH);
  }

  const categoryOf = (h: number) => refs.categoryOfHeading.get(H.ids[h] ?? 0) ?? 0;
  const sizeOrNull = (size: number) => (size === 0 ? null : size);
  const rows: Record<string, number> = {};
  const psOf = (combo: number) => comboPs[combo] ?? 0;
  if (fine)
    rows.ru_units = await insertTimed(
      io,
      'ru_units',
      ['year', 'province_id', 'park_id', 'cluster_id', 'sector_id', 'size', 'units', 'employment'],
      (function* () {
        for (const [key, n, employment] of units.cells()) {
          const emp = Number(employment); // employees: far below 2^53 in any sum
          const c = Math.floor(key / 3 / nYears);
          const combo = combos[c] ?? [0, null, null, 0];
          const y = Math.floor(key / 3) % nYears;
          addUnits(unitsPs, (y * nPs + psOf(c)) * 3 + (key % 3), n, emp);
          yield [yMin + y, combo[0], combo[1], combo[2], combo[3], (key % 3) + 1, n, emp];
        }
      })(),
    );
  rows.ru_units_ps = await insertTimed(
    io,
    'ru_units_ps',
    ['year', 'province_id', 'sector_id', 'size', 'units', 'employment'],
    (function* () {
      for (const [key, [n, emp]] of unitsPs) {
        const ps = Math.floor(key / 3) % nPs;
        const y = Math.floor(key / 3 / nPs);
        yield [
          yMin + y,
          P.ids[Math.floor(ps / nS)] ?? 0,
          S.ids[ps % nS] ?? 0,
          (key % 3) + 1,
          n,
          emp,
        ];
      }
    })(),
  );
  if (fine)
    rows.ru_change = await insertTimed(
      io,
      'ru_change',
      [
        'from_year',
        'to_year',
        'province_id',
        'park_id',
        'cluster_id',
        'sector_id',
        'size',
        'change',
      ],
      (function* () {
        for (const [key, delta] of change) {
          const pair = Math.floor(key / 3);
          const to = pair % nYears;
          const from = Math.floor(pair / nYears) % nYears;
          const c = Math.floor(pair / nYears / nYears);
          const combo = combos[c] ?? [0, null, null, 0];
          const psKey = ((from * nYears + to) * nPs + psOf(c)) * 3 + (key % 3);
          changePs.set(psKey, (changePs.get(psKey) ?? 0) + delta);
          yield [
            yMin + from,
            yMin + to,
            combo[0],
            combo[1],
            combo[2],
            combo[3],
            (key % 3) + 1,
            delta,
          ];
        }
      })(),
    );
  rows.ru_change_ps = await insertTimed(
    io,
    'ru_change_ps',
    ['from_year', 'to_year', 'province_id', 'sector_id', 'size', 'change'],
    (function* () {
      for (const [key, delta] of changePs) {
        const rest = Math.floor(key / 3);
        const ps = rest % nPs;
        const pair = Math.floor(rest / nPs);
        yield [
          yMin + Math.floor(pair / nYears),
          yMin + (pair % nYears),
          P.ids[Math.floor(ps / nS)] ?? 0,
          S.ids[ps % nS] ?? 0,
          (key % 3) + 1,
          delta,
        ];
      }
    })(),
  );
  rows.ru_grants = await insertTimed(
    io,
    'ru_grants',
    ['year', 'province_id', 'sector_id', 'size', 'category_id', 'heading_id', 'grants', 'amount'],
    (function* () {
      for (const [key, n, amount] of grants.cells()) {
        const h = key % nH;
        const rest = Math.floor(key / nH);
        const size = rest % 4;
        const s = Math.floor(rest / 4) % nS;
        const p = Math.floor(rest / 4 / nS) % nP;
        const y = Math.floor(rest / 4 / nS / nP);
        yield [
          yMin + y,
          P.ids[p] ?? 0,
          S.ids[s] ?? 0,
          sizeOrNull(size),
          categoryOf(h),
          H.ids[h] ?? 0,
          n,
          amount,
        ];
      }
    })(),
  );
  if (fine)
    rows.ru_grants_park = await insertTimed(
      io,
      'ru_grants_park',
      ['year', 'province_id', 'park_id', 'cluster_id', 'sector_id', 'size', 'grants', 'amount'],
      (function* () {
        for (const [key, n, amount] of parkGrants.cells()) {
          const y = Math.floor(key / 4) % nYears;
          const combo = combos[Math.floor(key / 4 / nYears)] ?? [0, null, null, 0];
          yield [yMin + y, combo[0], combo[1], combo[2], combo[3], sizeOrNull(key % 4), n, amount];
        }
      })(),
    );
  if (fine)
    rows.ru_grants_month = await insertTimed(
      io,
      'ru_grants_month',
      [
        'year',
        'month',
        'province_id',
        'sector_id',
        'category_id',
        'heading_id',
        'grants',
        'amount',
      ],
      (function* () {
        for (const [key, n, amount] of monthGrants.cells()) {
          const h = key % nH;
          const rest = Math.floor(key / nH);
          const s = rest % nS;
          const p = Math.floor(rest / nS) % nP;
          const ym = Math.floor(rest / nS / nP);
          yield [
            yMin + Math.floor(ym / 12),
            (ym % 12) + 1,
            P.ids[p] ?? 0,
            S.ids[s] ?? 0,
            categoryOf(h),
            H.ids[h] ?? 0,
            n,
            amount,
          ];
        }
      })(),
    );
  if (!counter) return { rows, years: null, fedFacts: true, inexact };
  const selCols = ['sel_kind', 'sel_id', 'province_id', 'sector_id', 'units'] as const;
  rows.ru_supported = await insertTimed(
    io,
    'ru_supported',
    ['from_year', 'to_year', ...selCols],
    (function* () {
      for (const r of counter.rangeRows()) {
        yield [r.from_year, r.to_year, r.sel_kind, r.sel_id, r.province_id, r.sector_id, r.units];
      }
    })(),
  );
  const periods = [
    ['ru_supported_quarter', 4, 'quarter'],
    ['ru_supported_month', 12, 'month'],
  ] as const;
  for (const [table, per, column] of fine ? periods : []) {
    rows[table] = await insertTimed(
      io,
      table,
      ['year', column, ...selCols],
      (function* () {
        for (const r of counter.periodRows(per)) {
          yield [r.year, r.period, r.sel_kind, r.sel_id, r.province_id, r.sector_id, r.units];
        }
      })(),
    );
  }
  return { rows, years: { min: yMin, max: yMin + nYears - 1 }, fedFacts: true, inexact };
}
