/**
 * Times every step of the derived-state rebuild on a COPY of a database:
 *   npx tsx bench/rebuild-profile.ts --db FILE [--skip-rollups] [--skip-facts] [--snapshot FILE]
 * (rollups: truncate, defer indexes, the one pass — reads / aggregation / each insert —, the
 * coarse fills, index restore, ANALYZE, commit; then the facts load and the snapshot write).
 */
import { sql } from 'kysely';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { rebuildRollups } from '../server/engine/rollups/rollups.ts';
import { loadMemoryFacts } from '../server/engine/facts/memory-facts.ts';
import {
  factsSnapshotPath,
  readFactsSnapshot,
  snapshotKeyOf,
  writeFactsSnapshot,
} from '../server/engine/facts/facts-snapshot.ts';
import { rebuildTimings } from '../server/engine/rollups/rebuild-timings.ts';
import { loadavg } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const db = args[args.indexOf('--db') + 1] ?? '';
if (!db || !db.includes('rebuild'))
  throw new Error('--db must name a copy (its name contains "rebuild")');
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
const kysely = openDatabase(db);
await migrateToLatest(kysely); // a copy of an older database gets the new rollup tables
const postgres = /^postgres(ql)?:/.test(db);

/**
 * PostgreSQL on this machine: CPU seconds of the server processes serving this database (all of
 * them are this script's, on a copy), from /proc; null where they cannot be read.
 */
async function serverCpuSeconds(): Promise<number | null> {
  if (!postgres) return null;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
    where datname = current_database()`.execute(kysely);
  let ticks = 0;
  for (const { pid } of rows) {
    const file = `/proc/${pid}/stat`;
    if (!existsSync(file)) return null;
    // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100/s).
    const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}
console.log(`load ${load()}`);
if (!args.includes('--skip-rollups')) {
  rebuildTimings.enabled = true;
  const server0 = await serverCpuSeconds();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // --snapshot FILE: write the facts snapshot there too (PostgreSQL writes none by default).
  const at = args.indexOf('--snapshot');
  const result = await rebuildRollups(kysely, at >= 0 ? { snapshot: args[at + 1] ?? '' } : {});
  const total = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  for (const [step, s] of rebuildTimings.steps)
    console.log(`  ${step.padEnd(34)} ${s.toFixed(2)} s`);
  // CPU time of this process (on SQLite all the work; on PostgreSQL the server's is not in it).
  const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(1);
  const server1 = await serverCpuSeconds();
  const serverCpu =
    server0 !== null && server1 !== null ? `, server CPU ${(server1 - server0).toFixed(1)} s` : '';
  console.log(
    `rollups ${total.toFixed(1)} s (inner ${result.seconds.toFixed(1)}), CPU ${cpuSeconds} s${serverCpu}, load ${load()}`,
  );
  console.log(JSON.stringify(result.rows));
  // What a query worker does next: read the snapshot the rebuild wrote.
  const key = await snapshotKeyOf(kysely);
  if (result.snapshot && key) {
    const t = performance.now();
    const read = await readFactsSnapshot(result.snapshot, key);
    const mb = read.facts ? (read.bytes / 1e6).toFixed(0) : read.reason;
    console.log(
      `snapshot read ${((performance.now() - t) / 1000).toFixed(2)} s (${mb} MB), load ${load()}`,
    );
  }
}
// The facts from the tables, as a worker did after every rebuild before the rebuild wrote them.
if (!args.includes('--skip-facts')) {
  const t1 = performance.now();
  const facts = await loadMemoryFacts(kysely);
  const t2 = performance.now();
  console.log(`facts load ${((t2 - t1) / 1000).toFixed(1)} s, load ${load()}`);
  const key = await snapshotKeyOf(kysely);
  if (facts && key) {
    const path = factsSnapshotPath(db);
    const { bytes } = await writeFactsSnapshot(path, facts, key);
    console.log(
      `snapshot ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t2) / 1000).toFixed(1)} s, load ${load()}`,
    );
  }
}
await sql`select 1`.execute(kysely);
await kysely.destroy();

if (args.includes('--reads')) {
  // The floor: each read of the pass alone, in batches of 50k units, rows as arrays.
  const SQLite = (await import('better-sqlite3')).default;
  const conn = new SQLite(db, { readonly: true });
  const [lo, hi] = conn.prepare('select min(id), max(id) from units').raw(true).get() as number[];
  const queries: Record<string, string> = {
    units:
      'select id, province_id, park_id, cluster_id, sector_id from units where id >= ? and id < ? order by id',
    employment:
      'select unit_id, year, employees from employment where unit_id >= ? and unit_id < ? order by unit_id, year',
    grants: `select unit_id, heading_id, year, month, disbursed_amount from grants where status = 'disbursed' and unit_id >= ? and unit_id < ? order by unit_id`,
    'grants (unit index, as the pass reads)': `select unit_id, heading_id, year, month, disbursed_amount from grants where +status = 'disbursed' and unit_id >= ? and unit_id < ? order by unit_id`,
    'grants (rowid order)': `select unit_id, heading_id, year, month, disbursed_amount from grants where status = 'disbursed' and unit_id >= ? and unit_id < ?`,
  };
  for (const [name, query] of Object.entries(queries)) {
    const statement = conn.prepare(query).raw(true);
    const t = performance.now();
    let n = 0;
    for (let at = lo ?? 0; at <= (hi ?? 0); at += 50_000)
      for (const _ of statement.iterate(at, at + 50_000)) n++;
    console.log(
      `read ${name}: ${n} rows ${((performance.now() - t) / 1000).toFixed(1)} s, load ${load()}`,
    );
  }
  console.log(conn.prepare(`explain query plan ${queries.grants}`).all());
}
