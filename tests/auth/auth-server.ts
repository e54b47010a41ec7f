import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, type DatasetSpec } from '../helpers/builders.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

/** A real server with a clock the test moves (`clock.advance(ms)`), over a real SQLite file. */
export interface AuthServer {
  baseUrl: string;
  db: Kysely<Database>;
  /** The SQLite file, for a second connection (another process's view). */
  location: string;
  clock: { now: Date; advance(ms: number): void };
  server: Server;
  close(): Promise<void>;
}

let counter = 0;

export async function startAuthServer(dataset?: DatasetSpec): Promise<AuthServer> {
  const t: TestDb = await createTestDb('sqlite');
  if (dataset) {
    await insertDataset(t.db, dataset);
    await rebuildRollups(t.db);
  }
  const distDir = join(process.cwd(), 'tests', '.tmp', `dist_auth_${process.pid}_${counter++}`);
  mkdirSync(distDir, { recursive: true });
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>t</title>');
  const clock = {
    now: new Date('2026-03-01T08:00:00Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const server = await createHttpServer({
    db: t.db,
    distDir,
    compressionCacheDir: null,
    now: () => clock.now,
  });
  const baseUrl = await listen(server, 0, '127.0.0.1');
  return {
    baseUrl,
    db: t.db,
    location: t.location,
    clock,
    server,
    async close() {
      await closeServer(server, 100);
      await t.destroy();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}
