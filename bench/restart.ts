import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import { overviewBatch } from './cases.ts';
import { BUILT_MAIN, ensureBenchUser, restartBuilt } from './built-server.ts';
import { benchDatabaseAt } from './database.ts';

// Restarts of the BUILT server (`node dist/server/main.js`, what `npm start` runs once built),
// with HEMAYAT_DEBUG=startup: each start's phases (server/startup-timings.ts), then the first
// Overview batch sent the moment it listens, as a browser left open on the page would.
// `npm run build && npx tsx bench/restart.ts --db FILE [--restarts 3] [--after-facts]`
// (--after-facts waits until the query workers hold the facts, as the bench's restarts do:
// bench/snapshot.ts; --cpu-prof DIR profiles each start). The database must already be prepared (rollups and snapshot current).

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      restarts: { type: 'string', default: '3' },
      'after-facts': { type: 'boolean', default: false },
      /** A CPU profile of every thread of each restart, written to this folder. */
      'cpu-prof': { type: 'string' },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/restart.ts --db FILE|URL [--restarts N]');
  if (!existsSync(BUILT_MAIN)) throw new Error('build first: npm run build');
  const db = openDatabase(values.db);
  const years = (await getDimensions(db, ALL_SCOPE)).years;
  await db.destroy();
  await ensureBenchUser(values.db);
  const batch = overviewBatch(EMPTY_FILTERS, years);
  let cookie: string | null = null;
  const round = (v: number | null) => (v === null ? '—' : Math.round(v));
  for (let i = 0; i < Number(values.restarts); i++) {
    const load = loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
    const r = await restartBuilt(benchDatabaseAt(values.db), batch, {
      cookie,
      afterFacts: values['after-facts'],
      env: { HEMAYAT_DEBUG: process.env.HEMAYAT_DEBUG ?? '' },
      ...(values['cpu-prof']
        ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] }
        : {}),
    });
    // The first start signs in; later ones reuse its session, as a browser left open would.
    const signedIn = cookie === null;
    cookie = r.cookie;
    console.log(
      `restart #${i + 1} (load ${load}): listening ${round(r.listeningMs)} ms${signedIn ? ' (then signed in)' : ''}; facts in every worker at ${round(r.factsMs)} ms; first Overview ${round(r.firstMs)} ms; spawn to first Overview ${round(r.restartMs)} ms; longest event-loop block ${r.eventLoopMaxMs ?? '—'} ms`,
    );
    for (const phase of r.phases) console.log(`    ${phase}`);
  }
}

main().catch((error: unknown) => {
  console.error('bench/restart failed:', error);
  process.exit(1);
});
