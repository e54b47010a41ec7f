import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { AdminPasswordError, ensureFirstAdmin } from './auth/first-admin.ts';
import { REPO_ROOT } from './build-info.ts';
import { EnvError, loadEnv } from './env.ts';
import { prepareDatabase } from './http/bootstrap.ts';
import { startObservability } from './http/observability.ts';
import { closeServer, createHttpServer, listen } from './http/server.ts';
import { queryPoolFor } from './queries/worker-pool.ts';
import { closeSharedPools } from './threads/shared-pools.ts';

/**
 * `npm run dev` (under `tsx watch`, which restarts it when a server file changes): the API on
 * HOST:PORT (3000) as `npm start` serves it — the first administrator, the query worker pool —
 * and Vite's dev server (DEV_PORT, 5173) with hot reload of the client, whose proxy forwards
 * /trpc, /api and /healthz to the API.
 */
async function dev(): Promise<void> {
  const env = loadEnv();
  const db = await prepareDatabase(env.DATABASE_URL);
  // The same first administrator as `npm start`, announced the same way.
  await ensureFirstAdmin(db, {
    adminPassword: process.env.ADMIN_PASSWORD,
    announce: (line) => console.log(line),
  });
  const pool = queryPoolFor(db, env.DATABASE_URL);
  const watch = startObservability(env, db);
  const api = await createHttpServer({
    db,
    ...(pool ? { pool } : {}),
    ...(watch.requestLog ? { requestLog: watch.requestLog } : {}),
  });
  const apiUrl = await listen(api, env.PORT, env.HOST);
  // The proxy follows PORT (vite.config.ts names 3000 for a plain `vite` run). It keeps the
  // browser's Host (Vite's shorthand would rewrite it), or the API's same-origin check refuses
  // the sign-in.
  const proxy = Object.fromEntries(
    ['/trpc', '/api', '/healthz'].map((path) => [path, { target: apiUrl, changeOrigin: false }]),
  );
  const vite = await createViteServer({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: join(REPO_ROOT, 'client'),
    server: {
      proxy,
      host: env.HOST,
      ...(process.env.DEV_PORT ? { port: Number(process.env.DEV_PORT) } : {}),
    },
  });
  await vite.listen();
  console.log(`Hemayat API on ${apiUrl}`);
  console.log(`Hemayat dev server on ${vite.resolvedUrls?.local[0] ?? '(unknown)'}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    watch.stop();
    Promise.all([vite.close(), closeServer(api)])
      .then(() => Promise.all([pool?.close(), closeSharedPools()]))
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

dev().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AdminPasswordError)
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
