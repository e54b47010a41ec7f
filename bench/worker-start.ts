// Worker start-up, TypeScript through tsx (what every worker paid before issue 16) against the
// built bundle (dist/server/*-worker.js): `npx tsx bench/worker-start.ts [--workers N]` after
// `npm run build`. Each mode runs in a fresh child process; a worker counts as started when it
// answers its first message (its module is loaded). Prints medians and RSS per worker.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startTsWorker } from '../server/threads/start-ts-worker.ts';
import { WORKER_SOURCES, type WorkerKind } from '../server/threads/start-worker.ts';
import { percentile } from './stats.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The query worker is left out: it starts loading the facts at once, which is not start-up.
const KINDS: WorkerKind[] = ['list', 'validate', 'import'];

interface ChildResult {
  mode: string;
  kind: WorkerKind;
  startMs: number[];
  rssPerWorkerMb: number;
}

/** Waits until the worker's module is loaded: it answers (or fails) a job it cannot do. */
function ready(worker: Worker, kind: WorkerKind): Promise<void> {
  return new Promise((resolve, reject) => {
    // A job it cannot do is answered (or fails the thread) only once its module is loaded.
    worker.once('error', () => resolve());
    worker.once('exit', () => reject(new Error(`${kind} worker exited`)));
    worker.once('message', () => resolve());
    const bogus = {
      list: { type: 'stripe', lo: 0, hi: 0 },
      validate: { type: 'job', job: { inFlight: 1, part: null } },
      import: { options: null },
      query: { id: 1, name: 'nope', args: [] },
    }[kind];
    worker.postMessage(bogus);
  });
}

async function child(mode: 'tsx' | 'built', kind: WorkerKind, count: number): Promise<void> {
  const startMs: number[] = [];
  const workers: Worker[] = [];
  global.gc?.();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const worker =
      mode === 'built'
        ? new Worker(pathToFileURL(`${ROOT}dist/server/${kind}-worker.js`), {})
        : startTsWorker(
            new URL(WORKER_SOURCES[kind], pathToFileURL(`${ROOT}server/threads/`)).href,
            undefined,
          );
    await ready(worker, kind);
    startMs.push(performance.now() - t);
    workers.push(worker);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  global.gc?.();
  const after = process.memoryUsage().rss;
  const result: ChildResult = {
    mode,
    kind,
    startMs,
    rssPerWorkerMb: (after - before) / count / 2 ** 20,
  };
  console.log(JSON.stringify(result));
  await Promise.all(workers.map((w) => w.terminate()));
}

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    child: { type: 'string' },
    kind: { type: 'string' },
  },
});
const count = Number(values.workers);
if (values.child) {
  await child(values.child as 'tsx' | 'built', values.kind as WorkerKind, count);
} else {
  console.log(`worker start-up, ${count} workers per run (median start; RSS added per worker)`);
  console.log('kind      tsx (before)            built (after)');
  for (const kind of KINDS) {
    const cells = (['tsx', 'built'] as const).map((mode) => {
      const r = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          SELF,
          '--child',
          mode,
          '--kind',
          kind,
          '--workers',
          String(count),
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      const line = r.stdout.trim().split('\n').at(-1) ?? '';
      if (r.status !== 0 || !line.startsWith('{')) throw new Error(r.stderr || r.stdout);
      const result = JSON.parse(line) as ChildResult;
      return `${percentile(result.startMs, 0.5).toFixed(0).padStart(5)} ms ${result.rssPerWorkerMb.toFixed(1).padStart(6)} MB`;
    });
    console.log(`${kind.padEnd(9)} ${cells[0]}     ${cells[1]}`);
  }
}
