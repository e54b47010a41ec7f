import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { openDatabase } from '../server/db/connect.ts';
import type { Filters } from '../server/domain/filters.ts';
import { BENCH_CASES, overviewBatch } from './cases.ts';
import { filterSets, universeOf } from './filters.ts';
import { batchGet, startServer, type BatchCall, type BenchServer } from './http.ts';
import { latencyOf, since } from './stats.ts';

// The HTTP cases and the Overview batch asked of two servers in turn, this checkout's and
// another's (`--base DIR`, e.g. a worktree at main), the order alternating with each filter set:
// an A/B of a server change that a loaded machine does not skew towards either side. Each
// server is bench/serve.ts of its checkout (the bench's own server process), warmed as the bench
// warms it. The database is written to (users, sessions): point it at a copy.

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    base: { type: 'string' },
    only: { type: 'string' },
    sets: { type: 'string', default: '60' },
    'snapshot-dir': { type: 'string' },
    overview: { type: 'boolean', default: false },
  },
});
if (!values.db || !values.base) {
  console.error(
    'usage: npx tsx bench/http-ab.ts --db COPY.db|URL --base OTHER_CHECKOUT [--only REGEX] [--sets 60] [--overview] [--snapshot-dir DIR]',
  );
  process.exit(2);
}
const database = values.db;
const only = values.only ? new RegExp(values.only) : null;
const readonly = openDatabase(database, { readonly: true });
const universe = await universeOf(readonly);
await readonly.destroy();
const sets = filterSets(1403, universe, Number(values.sets));
const setAt = (i: number): Filters => sets[i % sets.length] as Filters;
const snapshot = values['snapshot-dir'] ? { snapshotDir: values['snapshot-dir'] } : {};
const sides: { name: string; server: BenchServer }[] = [];
for (const [name, serve] of [
  ['base', resolve(values.base, 'bench/serve.ts')],
  ['this', undefined],
] as const) {
  const server = await startServer(database, undefined, {
    ...snapshot,
    ...(serve ? { serve } : {}),
  });
  await server.warm();
  sides.push({ name, server });
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average ${load()}; ${sets.length} filter sets`);

async function compare(label: string, callsOf: (i: number) => BatchCall[]): Promise<void> {
  const times = sides.map(() => [] as number[]);
  for (const side of sides) await batchGet(side.server, callsOf(0)).catch(() => undefined);
  for (let i = 0; i < sets.length; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const side = sides[k];
      if (!side) continue;
      const t0 = performance.now();
      await batchGet(side.server, callsOf(i));
      times[k]?.push(since(t0));
    }
  }
  const line = sides.map((side, k) => {
    const l = latencyOf(times[k] ?? []);
    return `${side.name} p50 ${l.p50} p95 ${l.p95}`;
  });
  console.log(`${label}: ${line.join(' | ')}`);
}

try {
  for (const c of BENCH_CASES) {
    if (only && !only.test(c.label)) continue;
    await compare(c.label, (i) => [{ path: c.path, input: c.input(setAt(i)) }]);
  }
  if (values.overview) {
    await compare('overview batch', (i) => overviewBatch(setAt(i), universe.years));
  }
  console.log(`load average ${load()}`);
} finally {
  for (const side of sides) await side.server.stop();
}
