import type { Kysely } from 'kysely';
import { isPostgresUrl, openDatabase } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import {
  factsSnapshotPath,
  readFactsSnapshot,
  snapshotKeyOf,
} from '../server/engine/facts/facts-snapshot.ts';
import { attachMemoryFacts, type MemoryFacts } from '../server/engine/facts/memory-facts.ts';

/**
 * A SQLite database `file` (or a PostgreSQL URL) opened with its facts read from its snapshot
 * (`file`-facts, or the URL's in `snapshotDir`; cells included) and attached to the handle, as a query worker holds them: what the engine
 * micro-benchmarks in bench/ measure. Throws when the snapshot is missing or not current.
 */
export async function openWithFacts(
  file: string,
  options: { readonly?: boolean; snapshotDir?: string } = {},
): Promise<{ db: Kysely<Database>; facts: MemoryFacts }> {
  const { snapshotDir = 'data', ...open } = options;
  const postgres = isPostgresUrl(file);
  const db = openDatabase(file, postgres ? {} : open);
  const key = await snapshotKeyOf(db);
  if (!key) throw new Error('no snapshot key');
  // A PostgreSQL URL's snapshot is in `snapshotDir`, as its server keeps it (bench/database.ts).
  const path = postgres ? factsSnapshotPath(file, undefined, snapshotDir) : `${file}-facts`;
  const read = await readFactsSnapshot(path, key);
  if (!read.facts) throw new Error(`snapshot not read: ${read.reason} ${read.detail}`);
  const facts = read.facts;
  await attachMemoryFacts(db, () => Promise.resolve(facts));
  return { db, facts };
}
