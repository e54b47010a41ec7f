import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../server/db/connect.ts';
import {
  readFactsSnapshot,
  snapshotKeyOf,
  writeFactsSnapshot,
} from '../server/engine/facts/facts-snapshot.ts';
import { loadMemoryFacts } from '../server/engine/facts/memory-facts.ts';

// The bench's facts snapshot step (snapshot.ts) in a worker thread, as the server's loading query
// worker does it (server/queries/query-worker.ts): the facts from the tables, the snapshot
// written, then read back `reads` times, each read's facts posted to the parent as the loader
// posts its facts to the pool on the main thread. The parent watches its own event loop.

export interface SnapshotWorkerSetup {
  url: string;
  path: string;
  reads: number;
}

export type SnapshotWorkerMessage =
  | { written: true; loadFromTablesMs: number; writeMs: number; bytes: number }
  /** One read: its time, this thread's longest block during it, and the facts (as shared). */
  | { read: true; ms: number; loopMaxMs: number; facts: unknown }
  | { failed: string };

const setup = workerData as SnapshotWorkerSetup;
const post = (message: SnapshotWorkerMessage) => parentPort?.postMessage(message);

async function main(): Promise<void> {
  const db = openDatabase(setup.url, { readonly: true });
  try {
    const key = await snapshotKeyOf(db);
    if (!key) throw new Error('no data version: rebuild the rollups first');
    rmSync(setup.path, { force: true });
    // As the server's loader reads them: the cells are built after sharing.
    const derive = { cells: false };
    let t = performance.now();
    const facts = await loadMemoryFacts(db, derive);
    if (!facts) throw new Error('the facts did not load');
    const loadFromTablesMs = performance.now() - t;
    t = performance.now();
    const { bytes } = await writeFactsSnapshot(setup.path, facts, key);
    post({ written: true, loadFromTablesMs, writeMs: performance.now() - t, bytes });
    // The parent starts watching its event loop on that message, then asks for the reads.
    await new Promise((resolve) => parentPort?.once('message', resolve));
    const eld = monitorEventLoopDelay({ resolution: 10 });
    for (let i = 0; i < setup.reads; i++) {
      eld.reset();
      eld.enable();
      t = performance.now();
      const read = await readFactsSnapshot(setup.path, key, derive);
      const ms = performance.now() - t;
      // The monitor's timer fires once the read's last synchronous step ends.
      await new Promise((resolve) => setTimeout(resolve, 20));
      eld.disable();
      if (!read.facts) throw new Error(`snapshot not read: ${read.reason} ${read.detail}`);
      post({ read: true, ms, loopMaxMs: eld.max / 1e6, facts: read.facts });
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => post({ failed: String(error) }));
