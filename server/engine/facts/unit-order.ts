import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { num } from '../sql/metric-sql.ts';

/**
 * Each unit's place in the drill's name and code orders, so a unit drill sorted by name or code
 * is a top-k over an integer column (unit-page.ts) instead of a million grouped rows sorted by
 * strings. The drill orders names and codes as `localeCompare(…, 'fa')` does (drill.ts, the
 * reference), ties by id: a dense rank — units whose strings collate equal share a rank — keeps
 * both directions exact, since a descending drill still breaks ties by ascending id.
 */
export interface UnitOrder {
  /** By unit position (as MemoryFacts.unitIds): the rank of its Persian name. */
  nameRank: Int32Array;
  /** The same for its code. */
  codeRank: Int32Array;
}

/** The collation of the drill's name and code sorts (what `localeCompare(x, 'fa')` uses). */
export const DRILL_COLLATOR = new Intl.Collator('fa');

// Small batches: the loading worker answers queued queries between them.
const BATCH = 50_000;

/**
 * The name and code ranks of the units at `unitIds` (ascending ids, as the facts hold them), in
 * shared memory like the facts' columns. Computed once per load in the loading worker (at
 * `large`, reading a million names and codes and sorting them takes a few seconds there), and
 * kept in the facts snapshot.
 */
export async function loadUnitOrder(db: Kysely<Database>, unitIds: Int32Array): Promise<UnitOrder> {
  const n = unitIds.length;
  const names: string[] = new Array<string>(n).fill('');
  const codes: string[] = new Array<string>(n).fill('');
  let u = 0;
  // Keyset pages in id order, merged with unitIds (the same units, the same order).
  for (let after = (unitIds[0] ?? 0) - 1; n > 0;) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'code', 'name_fa'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      const id = num(r.id);
      while (u < n && (unitIds[u] ?? 0) < id) u++;
      if (u < n && unitIds[u] === id) {
        names[u] = r.name_fa;
        codes[u] = r.code;
      }
      after = id;
    }
    if (rows.length < BATCH) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const nameRank = denseRanks(names);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { nameRank, codeRank: denseRanks(codes) };
}

/**
 * The dense rank of every string under DRILL_COLLATOR: equal strings (and strings that collate
 * equal) share one. Distinct strings are sorted once (names repeat a lot), then each is ranked.
 */
export function denseRanks(strings: readonly string[]): Int32Array {
  const distinct = [...new Set(strings)].sort(DRILL_COLLATOR.compare);
  const rankOf = new Map<string, number>();
  let rank = 0;
  distinct.forEach((s, i) => {
    if (i > 0 && DRILL_COLLATOR.compare(distinct[i - 1] ?? '', s) !== 0) rank++;
    rankOf.set(s, rank);
  });
  const out = new Int32Array(new SharedArrayBuffer(strings.length * 4));
  strings.forEach((s, i) => (out[i] = rankOf.get(s) ?? 0));
  return out;
}
