import { readdirSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnv } from '../../server/env.ts';
import { serveApp, stopOnSignals } from '../../server/http/serve-app.ts';
import { liveWorkers } from '../../server/threads/start-worker.ts';

// `npm start`'s start path (serve-app.ts) in a process of its own, for serve-app.test.ts: on
// SIGTERM it shuts down as the server does, then reports on stdout what is still open — worker
// threads, files of the database, sockets — just before stopOnSignals exits.

/** Paths of this process's open file descriptors. */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // the descriptor readdir itself used
    }
  });
}

const env = loadEnv();
const app = await serveApp(env);
stopOnSignals(async () => {
  const workersBefore = liveWorkers();
  await app.close();
  // Sockets just closed (PostgreSQL's, the HTTP connections) leave the list once their close
  // callbacks have run, a moment later; one still open after this is a leak.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const database = resolve(env.DATABASE_URL);
  const report = {
    workersBefore,
    workersAfter: liveWorkers(),
    databaseFiles: openFiles().filter((path) => path.startsWith(database)),
    sockets: process
      .getActiveResourcesInfo()
      .filter((kind) => kind.startsWith('TCP') || kind === 'Worker'),
  };
  process.stdout.write(`leftovers ${JSON.stringify(report)}\n`);
});
console.log(`serving ${app.url}`);
