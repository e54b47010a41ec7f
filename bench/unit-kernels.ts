import { loadavg } from 'node:os';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { resolveFilters } from '../server/engine/filters/resolve-filters.ts';
import {
  memoryGrantRows,
  memorySupportedOutside,
} from '../server/engine/memory/memory-aggregate.ts';
import { memoryUnitSideRows } from '../server/engine/memory/unit-side.ts';
import { dimCellRows, dimCellsOutside } from '../server/engine/memory/unit-dim-pass.ts';
import { buildUnitDimCells, unitDimCellsBytes } from '../server/engine/facts/unit-dim-cells.ts';
import { openWithFacts } from './facts-of.ts';

// The unit-side passes alone, unfiltered, at `large`: median CPU of RUNS calls each.
// `npx tsx bench/unit-kernels.ts FILE` (the snapshot is FILE-facts).
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/unit-kernels.ts FILE');
const { db, facts: m } = await openWithFacts(file);
const rf = await resolveFilters(db, ALL_SCOPE, { ...EMPTY_FILTERS });
const runs = Number(process.env.RUNS ?? 9);
const time = (label: string, f: () => unknown) => {
  f();
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} ${cpu[cpu.length >> 1]?.toFixed(1).padStart(7)} ms`);
};
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
time('unit side units+change by park', () =>
  memoryUnitSideRows(m, rf, ['units', 'change'], ['park'], false),
);
time('unit side units by park', () => memoryUnitSideRows(m, rf, ['units'], ['park'], false));
time('unit side units+supported by cluster', () =>
  memoryUnitSideRows(m, rf, ['units', 'supported'], ['cluster'], false),
);
time('unit side units by province×year', () =>
  memoryUnitSideRows(m, rf, ['units'], ['province', 'year'], true),
);
time('grants by park', () => memoryGrantRows(m, rf, ['park'], false));
time('grants by size', () => memoryGrantRows(m, rf, ['size'], false));
time('grants by sector×size', () => memoryGrantRows(m, rf, ['sector', 'size'], false));
time('supported outside province×year', () =>
  memorySupportedOutside(m, rf, ['province', 'year'], [[1, 1400]], true),
);
// The unit cells (unit-dim-cells.ts): their build in the loader, and the same reads from them.
const cells = buildUnitDimCells(m);
console.log(`unit cells ${((cells ? unitDimCellsBytes(cells) : 0) / 2 ** 20).toFixed(1)} MB`);
time('unit cells build', () => buildUnitDimCells(m));
time('grants by size (cells)', () => dimCellRows(m, rf, ['size'], false));
time('grants by sector×size (cells)', () => dimCellRows(m, rf, ['sector', 'size'], false));
time('grants by province×year (cells)', () => dimCellRows(m, rf, ['province', 'year'], true));
time('supported outside province×year (cells)', () =>
  dimCellsOutside(m, rf, ['province', 'year'], [[1, 1400]]),
);
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await db.destroy();
