import { join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { AdminPasswordError } from './auth/first-admin.ts';
import { REPO_ROOT } from './build-info.ts';
import { EnvError, loadEnv } from './env.ts';
import { FLUSH_CAP_MS, serveApp, stopOnSignals } from './http/serve-app.ts';

/**
 * `npm run dev` (under `tsx watch`, which restarts it when a server file changes): the API on
 * HOST:PORT (3000) as `npm start` serves it — the first administrator, the query worker pool —
 * and Vite's dev server (DEV_PORT, 5173) with hot reload of the client, whose proxy forwards
 * /trpc, /api and /healthz to the API.
 */
async function dev(): Promise<void> {
  const env = loadEnv();
  const app = await serveApp(env);
  // The proxy follows PORT (vite.config.ts names 3000 for a plain `vite` run). It keeps the
  // browser's Host (Vite's shorthand would rewrite it), or the API's same-origin check refuses
  // the sign-in.
  const proxy = Object.fromEntries(
    ['/trpc', '/api', '/healthz'].map((path) => [path, { target: app.url, changeOrigin: false }]),
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
  console.log(`Hemayat API on ${app.url}`);
  console.log(`Hemayat dev server on ${vite.resolvedUrls?.local[0] ?? '(unknown)'}`);
  // The same shutdown as `npm start` (deferred audit rows included), Vite's server first.
  stopOnSignals(
    () => vite.close().then(() => app.close()),
    env.SHUTDOWN_GRACE_MS + FLUSH_CAP_MS + 15_000,
  );
}

dev().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AdminPasswordError)
    console.error(error.message);
  else console.error(error);
  process.exit(1);
});
