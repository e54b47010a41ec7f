import { loadavg } from 'node:os';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDrill } from '../server/queries/drill.ts';
import { openWithFacts } from './facts-of.ts';

// Where a drill export's slice of the unit list goes, as a query worker runs it (inline, the
// facts from the snapshot): CPU of the first slice (the whole order sorted and kept) and of the
// next ones, which the export repeats ~300 times at `large`.
// `npx tsx bench/drill-slices.ts FILE [SORT] [SLICES]` (the snapshot is FILE-facts).
const [file, sort = 'amount', slices = '12'] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/drill-slices.ts FILE [SORT] [SLICES]');
const { db } = await openWithFacts(file, { readonly: true });
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
