import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { memoryPaths } from './memory-aggregate.ts';

/**
 * The whole ordered unit list of an export, kept between its slices. A drill export reads its
 * list in slices of a few thousand rows (aggregates.ts drillTable); picking each slice from the
 * whole column again cost a pass and a selection per slice (~300 of them at `large`: 104 s for
 * 768,743 units by amount), where one sort of the list serves them all. Kept per worker thread
 * (the slices of one export may land on either worker: each sorts at most once), at most
 * KEPT_ORDERS lists of 4 bytes a unit (4 MB at a million), dropped after IDLE_MS unused or when
 * the facts they were sorted from are replaced.
 */
interface Kept {
  facts: MemoryFacts;
  key: string;
  units: Int32Array;
  timer: ReturnType<typeof setTimeout>;
}

const KEPT_ORDERS = 2;
const IDLE_MS = 60_000;
const kept: Kept[] = [];

/** The list `sort` makes for these facts and filters: kept, or made by `make` and kept. */
export function keptOrder(
  m: MemoryFacts,
  rf: ResolvedFilters,
  sort: string,
  order: 'asc' | 'desc',
  make: () => Int32Array,
): Int32Array {
  const key = JSON.stringify([rf, sort, order]);
  const i = kept.findIndex((k) => k.facts === m && k.key === key);
  const found = i >= 0 ? kept.splice(i, 1)[0] : undefined;
  if (found) {
    clearTimeout(found.timer);
    memoryPaths.keptOrderReused++;
  }
  const units = found?.units ?? make();
  const entry: Kept = { facts: m, key, units, timer: setTimeout(() => drop(entry), IDLE_MS) };
  entry.timer.unref();
  kept.unshift(entry);
  for (const old of kept.splice(KEPT_ORDERS)) clearTimeout(old.timer);
  return units;
}

function drop(entry: Kept): void {
  const i = kept.indexOf(entry);
  if (i >= 0) kept.splice(i, 1);
}
