import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDatabase } from '../../server/seed/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e server, e.g. `http://127.0.0.1:40123`. */
    baseUrl: string;
    /** The password of the server's first user, `admin` (set through ADMIN_PASSWORD). */
    adminPassword: string;
  }
}

/**
 * The e2e scale: `national` is what a new user sees, and seeding it takes well under a minute
 * (measured in the report), so the browser tests run on the real thing.
 */
const E2E_SCALE = 'national';
const START_TIMEOUT_MS = 180_000;
/** First start creates `admin` with this password (issue #8); the harness signs in with it. */
const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

/**
 * Seeds one SQLite database for the whole e2e run, then starts the real server (the built
 * `dist/server/main.js` through scripts/launch.mjs, exactly what `npm start` runs: it rebuilds
 * first when the build is stale) on a free port and hands its URL to the tests via `inject`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = join(process.cwd(), 'tests', '.tmp');
  mkdirSync(tmp, { recursive: true });
  const dbFile = join(tmp, `e2e-${process.pid}.db`);
  const removeDb = (): void => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  };
  removeDb();

  const started = Date.now();
  await seedDatabase(dbFile, { scale: E2E_SCALE });
  process.stderr.write(
    `[e2e] seeded ${E2E_SCALE} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );

  const child = spawn(process.execPath, ['scripts/launch.mjs', 'main'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: dbFile,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    project.provide('baseUrl', await waitForUrl(child));
    project.provide('adminPassword', E2E_ADMIN_PASSWORD);
  } catch (error) {
    child.kill('SIGKILL');
    removeDb();
    throw error;
  }

  return async () => {
    await stop(child);
    removeDb();
  };
}

/** Resolves with the URL the server prints once it listens; fails with its stderr if it dies. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Hemayat is serving (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(`[e2e server] ${chunk.toString()}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code ?? 'null'} before listening:\n${stderr}`));
    });
  });
}

/** SIGTERM, as a process manager would send; the server must exit cleanly. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`server did not shut down cleanly (code ${code}, signal ${signal})`));
    });
    child.kill('SIGTERM');
  });
}
