import { Worker, type ResourceLimits } from 'node:worker_threads';
import { IS_BUILT } from '../build-info.ts';
import { startTsWorker } from './start-ts-worker.ts';

/**
 * Every kind of worker thread, by its TypeScript module (relative to this file). The build
 * (scripts/build.mjs) bundles each as an entry point of its own, `dist/server/<kind>-worker.js`;
 * tests/threads/start-worker.test.ts checks the two lists agree.
 */
export const WORKER_SOURCES = {
  query: '../queries/query-worker.ts',
  list: '../export/list-worker.ts',
  import: '../import/import-thread.ts',
  validate: '../import/validate-worker.ts',
} as const;

export type WorkerKind = keyof typeof WORKER_SOURCES;

let live = 0;

/** Worker threads started here (any kind, built or not) that have not exited: shutdown ends them all. */
export function liveWorkers(): number {
  return live;
}

function counted(worker: Worker): Worker {
  live++;
  worker.once('exit', () => live--);
  return worker;
}

/**
 * Starts a worker of a kind: the bundled JavaScript with plain node when the server is built
 * (about 0.3 s and 25 MB), the TypeScript through tsx otherwise (dev and tests).
 */
export function startWorker(
  kind: WorkerKind,
  workerData?: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  if (IS_BUILT) {
    return counted(
      new Worker(new URL(`./${kind}-worker.js`, import.meta.url), {
        workerData,
        ...(resourceLimits ? { resourceLimits } : {}),
      }),
    );
  }
  return counted(
    startTsWorker(new URL(WORKER_SOURCES[kind], import.meta.url).href, workerData, resourceLimits),
  );
}
