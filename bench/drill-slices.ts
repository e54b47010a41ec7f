import { loadavg } from 'node:os';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { attachMemoryFacts } from '../server/engine/facts/memory-facts.ts';
import { readFactsSnapshot, snapshotKeyOf } from '../server/engine/facts/facts-snapshot.ts';
import { getDrill } from '../server/queries/drill.ts';

// Where a drill export's slice of the unit list goes, as a query worker runs it (inline, the
// facts from the snapshot): CPU of the first slice (the whole order sorted and kept) and of the
// next ones, which the export repeats ~300 times at `large`.
// `npx tsx bench/drill-slices.ts FILE [SORT] [SLICES]` (the snapshot is FILE-facts).
const [file, sort = 'amount', slices = '12'] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/drill-slices.ts FILE [SORT] [SLICES]');
const db = openDatabase(file, { readonly: true });
const key = await snapshotKeyOf(db);
if (!key) throw new Error('no snapshot key');
const read = await readFactsSnapshot(`${file}-facts`, key);
if (!read.facts) throw new Error(`snapshot not read: ${read.reason} ${read.detail}`);
const facts = read.facts;
await attachMemoryFacts(db, () => Promise.resolve(facts));
const SLICE = 2500;
const input = { level: 'unit' as const, sort: sort as 'amount' };
const cpuOf = async (offset: number) => {
  const c0 = process.cpuUsage();
  const d = await getDrill(db, ALL_SCOPE, EMPTY_FILTERS, {
    ...input,
    slice: { offset, count: SLICE },
  });
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, d };
};
const first = await cpuOf(0);
const total = first.d.total;
const rest: number[] = [];
for (let i = 1; i <= Number(slices); i++) {
  rest.push((await cpuOf(Math.floor((i / (Number(slices) + 1)) * total))).ms);
}
rest.sort((a, b) => a - b);
const load = loadavg()
  .map((v) => v.toFixed(2))
  .join(' ');
console.log(
  `${sort}: ${total} units; first slice ${first.ms.toFixed(0)} ms CPU; next slices median ${rest[rest.length >> 1]?.toFixed(1)} ms (${rest.map((v) => v.toFixed(0)).join(' ')}); load ${load}`,
);
await db.destroy();
