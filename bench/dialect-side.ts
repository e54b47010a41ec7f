import type { Kysely } from 'kysely';
import { openDatabase } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { createQueryPool, type QueryPool } from '../server/engine/workers/worker-pool.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { benchDatabaseAt, snapshotPathOf } from './database.ts';

// One dialect's side of the side-by-side benches (dialect-cases.ts, dialect-calls.ts): the
// database, its worker pool holding the facts with their cells, and the routers' procedures.

export type Procedure = (input: unknown) => Promise<unknown>;

export interface DialectSide {
  name: string;
  db: Kysely<Database>;
  pool: QueryPool;
  call(path: string): Procedure;
  close(): Promise<void>;
}

/** Opens `url` with a pool of two workers, as the server does, once both hold the facts. */
export async function openDialectSide(url: string, snapshotDir: string): Promise<DialectSide> {
  const db = openDatabase(url);
  const target = benchDatabaseAt(url, snapshotDir);
  const pool = createQueryPool({ location: url, snapshot: snapshotPathOf(target) }, 2);
  const ctx = createContext({ db, scope: ALL_SCOPE });
  Object.assign(ctx, { pool });
  const caller = createCallerFactory(appRouter)(ctx);
  await Promise.all([0, 1].map(() => pool.run('warmMemory', [])));
  return {
    name: target.dialect,
    db,
    pool,
    call(path) {
      let node: unknown = caller;
      for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
      return node as Procedure;
    },
    async close() {
      await pool.close();
      await db.destroy();
    },
  };
}
