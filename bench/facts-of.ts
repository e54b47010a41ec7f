import type { Kysely } from 'kysely';
import { openDatabase } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { readFactsSnapshot, snapshotKeyOf } from '../server/engine/facts/facts-snapshot.ts';
import { attachMemoryFacts, type MemoryFacts } from '../server/engine/facts/memory-facts.ts';

/**
 * A SQLite database `file` opened with its facts read from its snapshot (`file`-facts, cells
 * included) and attached to the handle, as a query worker holds them: what the engine
 * micro-benchmarks in bench/ measure. Throws when the snapshot is missing or not current.
 */
export async function openWithFacts(
  file: string,
  options: { readonly?: boolean } = {},
): Promise<{ db: Kysely<Database>; facts: MemoryFacts }> {
  const db = openDatabase(file, options);
  const key = await snapshotKeyOf(db);
  if (!key) throw new Error('no snapshot key');
  const read = await readFactsSnapshot(`${file}-facts`, key);
  if (!read.facts) throw new Error(`snapshot not read: ${read.reason} ${read.detail}`);
  const facts = read.facts;
  await attachMemoryFacts(db, () => Promise.resolve(facts));
  return { db, facts };
}
