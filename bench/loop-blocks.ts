import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { BENCH_CASES, overviewBatch } from './cases.ts';
import { buildServerBundle, ensureBenchUser, signIn, startBuilt } from './built-server.ts';
import { benchDatabaseAt } from './database.ts';
import { filterSets, universeOf } from './filters.ts';
import { batchGet } from './http.ts';

const CPU_BLOCKS = fileURLToPath(new URL('./cpu-blocks.mjs', import.meta.url));

// The built server's longest event-loop block per case over HTTP (its /metrics, read after each
// case), from start-up through the facts hand-over, every case and the Overview batch: where a
// block over 50 ms comes from. `--cpu-prof DIR` also writes a CPU profile of every thread;
// `--cpu-blocks` has the server write each main-thread block of 20 ms or more in CPU time
// (cpu-blocks.mjs: what a loaded machine does not inflate), and the longest at the end.
// `npx tsx bench/loop-blocks.ts --db FILE|URL [--sets 20] [--snapshot-dir DIR] [--cpu-prof DIR] [--cpu-blocks]`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      sets: { type: 'string', default: '20' },
      'snapshot-dir': { type: 'string', default: 'data' },
      'cpu-prof': { type: 'string' },
      'cpu-blocks': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/loop-blocks.ts --db FILE|URL');
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  const db = openDatabase(values.db, { readonly: true });
  const universe = await universeOf(db);
  await db.destroy();
  await ensureBenchUser(values.db);
  buildServerBundle();
  const sets = filterSets(1403, universe, Number(values.sets));
  const nodeArgs = [
    ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
    ...(values['cpu-blocks'] ? ['--import', CPU_BLOCKS] : []),
  ];
  const server = await startBuilt(benchDatabaseAt(values.db, values['snapshot-dir']), {
    nodeArgs,
  });
  try {
    const cookie = await signIn(server.url);
    await server.facts;
    console.log(
      `load ${load()}: start-up to facts in every worker (${Math.round(server.startup.factsMs ?? 0)} ms): longest block ${await server.eventLoopMax()} ms`,
    );
    const only = values.only ? new RegExp(values.only) : null;
    for (const c of BENCH_CASES.filter((c) => !only || only.test(c.label))) {
      for (const f of sets)
        await batchGet({ url: server.url, cookie }, [{ path: c.path, input: c.input(f) }]);
      console.log(`load ${load()}: ${c.label}: longest block ${await server.eventLoopMax()} ms`);
    }
    for (const f of sets)
      await batchGet({ url: server.url, cookie }, overviewBatch(f, universe.years));
    console.log(`load ${load()}: overview batch: longest block ${await server.eventLoopMax()} ms`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error('bench/loop-blocks failed:', error);
  process.exit(1);
});
