import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../server/db/connect.ts';
import type { Database } from '../../server/db/schema.ts';
import {
  closeServer,
  createHttpServer,
  listen,
  type ServerLimits,
} from '../../server/http/server.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { newSession, type TestSession } from '../auth/sessions.ts';
import { createTestDb } from '../helpers/db.ts';

export interface HttpFixture {
  baseUrl: string;
  db: Kysely<Database>;
  /** The SQLite file (another process's connection opens it). */
  location: string;
  server: Server;
  /** The fixture client build and its files' contents. */
  distDir: string;
  indexHtml: string;
  scriptPath: string;
  script: string;
  fontPath: string;
  /** A signed-in administrator (every province): `headers` go on any request (issue #8). */
  admin: TestSession;
  close(): Promise<void>;
}

const TMP = join(process.cwd(), 'tests', '.tmp');

/**
 * A real server on a free port over a real SQLite file: migrated with the reference data, and
 * seeded at `small` scale when `seeded` is set. The client build is a small fixture `dist/`
 * written here (`npm test` does not build the real client): an index.html, a hashed script big
 * enough to compress and an incompressible font.
 */
export async function startHttpFixture(
  options: { seeded?: boolean; limits?: Partial<ServerLimits> } = {},
): Promise<HttpFixture> {
  const testDb = await createTestDb('sqlite');
  let db = testDb.db;
  if (options.seeded) {
    await db.destroy();
    await seedDatabase(testDb.location, { scale: 'small' });
    db = openDatabase(testDb.location);
  }

  const distDir = join(TMP, `dist_${randomBytes(4).toString('hex')}`);
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  const indexHtml =
    '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="UTF-8" /><title>حمایت</title>' +
    '<script type="module" src="/assets/index-C0ffee42.js"></script></head><body><div id="root"></div></body></html>';
  const script = Array.from(
    { length: 400 },
    (_, i) => `export const value${i} = ${JSON.stringify(`مقدار ${i}`)};`,
  ).join('\n');
  const scriptPath = '/assets/index-C0ffee42.js';
  const fontPath = '/assets/vazirmatn-D3adBe3f.woff2';
  writeFileSync(join(distDir, 'index.html'), indexHtml);
  writeFileSync(join(distDir, scriptPath), script);
  writeFileSync(join(distDir, fontPath), randomBytes(4096));
  // Vite's build manifest (`npm run size` reads it); the server must not serve it.
  mkdirSync(join(distDir, '.vite'));
  writeFileSync(join(distDir, '.vite', 'manifest.json'), '{"index.html":{"file":"x"}}');
  // The built server's bundle sits beside the client (scripts/build.mjs).
  mkdirSync(join(distDir, 'server'));
  writeFileSync(join(distDir, 'server', 'main.js'), 'export const secret = 1;\n'.repeat(100));

  const server = await createHttpServer({
    db,
    distDir,
    compressionCacheDir: null,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const baseUrl = await listen(server, 0, '127.0.0.1');
  const admin = await newSession(db, baseUrl, { username: 'fixture-admin', role: 'admin' });
  return {
    admin,
    baseUrl,
    db,
    location: testDb.location,
    server,
    distDir,
    indexHtml,
    scriptPath,
    script,
    fontPath,
    async close() {
      await closeServer(server, 100);
      if (db !== testDb.db) await db.destroy();
      await testDb.destroy();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}
