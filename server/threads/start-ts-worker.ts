import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Worker threads do not inherit the parent's TypeScript loader (tsx, or vitest's transform), so a
 * small JavaScript boot script registers tsx and then loads the real worker module. Resolved on
 * first use: a production install (no tsx) runs the built workers and never gets here.
 */
let tsxApi: string | null = null;
function tsxApiHref(): string {
  tsxApi ??= pathToFileURL(
    // The package's ESM build of the same API (its CommonJS build resolves paths wrongly here).
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return tsxApi;
}

let live = 0;

/**
 * Worker threads started here that have not exited yet: what a leak (a cancelled export that
 * never terminates its workers) would grow, so tests and `bench:load` read it.
 */
export function liveTsWorkers(): number {
  return live;
}

/** Starts a worker thread running a TypeScript module (its URL), registering tsx there first. */
export function startTsWorker(
  moduleHref: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const boot = `import(${JSON.stringify(tsxApiHref())})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleHref)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData,
    ...(resourceLimits ? { resourceLimits } : {}),
  });
  live++;
  worker.once('exit', () => live--);
  return worker;
}
