import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { EnvError, loadEnv } from './env.ts';
import { prepareDatabase } from './http/bootstrap.ts';
import { closeServer, createHttpServer, listen } from './http/server.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm run dev`: the API on HOST:PORT (3000) and Vite's dev server (5173) with hot reload,
 * whose proxy forwards /trpc, /api and /healthz to the API.
 */
async function dev(): Promise<void> {
  const env = loadEnv();
  const db = await prepareDatabase(env.DATABASE_URL);
  const api = await createHttpServer({ db });
  const apiUrl = await listen(api, env.PORT, env.HOST);
  // The proxy follows PORT (vite.config.ts names 3000 for a plain `vite` run).
  const proxy = Object.fromEntries(['/trpc', '/api', '/healthz'].map((path) => [path, apiUrl]));
  const vite = await createViteServer({
    configFile: `${REPO_ROOT}vite.config.ts`,
    root: `${REPO_ROOT}client`,
    server: { proxy },
  });
  await vite.listen();
  console.log(`Hemayat API on ${apiUrl}`);
  vite.printUrls();

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    Promise.all([vite.close(), closeServer(api)])
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
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
