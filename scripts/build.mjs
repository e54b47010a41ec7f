// `npm run build`: the client with Vite into dist/, then the server with esbuild into dist/server/
// (every entry point flat in one folder, so each finds its workers beside it), then the stamps
// that `npm start` checks. `--server` builds only the server (the CLIs need nothing else).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, writeStamp } from './build-stamp.mjs';

/**
 * The bundle's entry points, by output name. Each worker kind of server/threads/start-worker.ts
 * is `<kind>-worker` (tests/threads/start-worker.test.ts checks it).
 */
export const SERVER_ENTRIES = {
  main: 'server/main.ts',
  'query-worker': 'server/queries/query-worker.ts',
  'list-worker': 'server/export/list-worker.ts',
  'import-worker': 'server/import/import-thread.ts',
  'validate-worker': 'server/import/validate-worker.ts',
  seed: 'server/seed/cli.ts',
  import: 'server/import/cli.ts',
  user: 'server/auth/user-cli.ts',
  backup: 'server/ops/backup-cli.ts',
  restore: 'server/ops/restore-cli.ts',
};

/** The client with Vite (it empties dist/, so it goes first). */
export async function buildClient(log = (m) => process.stderr.write(`${m}\n`)) {
  const started = Date.now();
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'client'),
    mode: 'production',
    logLevel: 'warn',
  });
  writeStamp('client');
  log(`Client built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/**
 * The server with esbuild: ES modules for node, every package left to node_modules (the native
 * drivers cannot be bundled, and the others then load the same way in dev and production).
 */
export async function buildServer(log = (m) => process.stderr.write(`${m}\n`)) {
  const started = Date.now();
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: SERVER_ENTRIES,
    outdir: join(ROOT, 'dist', 'server'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // server/build-info.ts: tells the bundle it is built (workers load dist/server/*-worker.js).
    define: { __HEMAYAT_BUILT__: 'true' },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeStamp('server');
  log(`Server built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const serverOnly = process.argv.includes('--server');
  try {
    if (!serverOnly) await buildClient();
    await buildServer();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
