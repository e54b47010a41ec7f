import type { Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import { AdminPasswordError, ensureFirstAdmin } from './auth/first-admin.ts';
import { EnvError, loadEnv } from './env.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareDatabase } from './http/bootstrap.ts';
import { startObservability } from './http/observability.ts';
import { closeServer, createHttpServer, listen } from './http/server.ts';
import { queryPoolFor, type QueryPool } from './queries/worker-pool.ts';
import { flushDeferredWrites } from './stores/deferred-writes.ts';
import { closeSharedPools } from './threads/shared-pools.ts';

/**
 * `npm start` (scripts/launch.mjs has built client and server from the current sources): validate
 * the environment, make the database ready (first start seeds it and creates the `admin` user),
 * then serve app and API on HOST:PORT.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const db = await prepareDatabase(env.DATABASE_URL);
  // The one-time password goes to stdout (it is the operator's to copy), once.
  await ensureFirstAdmin(db, {
    adminPassword: process.env.ADMIN_PASSWORD,
    announce: (line) => console.log(line),
  });
  const pool = queryPoolFor(db, env.DATABASE_URL);
  const watch = startObservability(env, db);
  const server = await createHttpServer({
    db,
    ...(pool ? { pool } : {}),
    ...(watch.requestLog ? { requestLog: watch.requestLog } : {}),
  });
  const url = await listen(server, env.PORT, env.HOST);
  stopOnSignals(server, db, pool, watch.stop);
  console.log(`Hemayat is serving ${url}`);
}

/** SIGINT/SIGTERM: stop accepting, let open requests finish, close the database, exit 0. */
function stopOnSignals(
  server: Server,
  db: Kysely<Database>,
  pool: QueryPool | null,
  stopWatching: () => void,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.exit(1); // a second signal means "now"
    }
    stopping = true;
    process.stderr.write(`${signal}: shutting down…\n`);
    stopWatching();
    closeServer(server)
      .then(() => Promise.all([pool?.close(), closeSharedPools()]))
      // Audit rows queued behind an import's lock: wait for them, but not forever.
      .then(() => Promise.race([flushDeferredWrites(), sleep(10_000)]))
      .then(() => db.destroy())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AdminPasswordError) {
    console.error(error.message);
  } else {
    console.error('Hemayat could not start:', error);
  }
  process.exit(1);
});
