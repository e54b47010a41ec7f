import { isMainThread } from 'node:worker_threads';
import { SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';

/**
 * better-sqlite3 runs each statement synchronously, so the statements of one request started
 * together (`Promise.all` of five reads, or the Overview's six calls in one HTTP batch) chained
 * through microtasks into one event-loop block: ≈130-150 ms on the server's main thread at a
 * restart's first Overview at `large` (bench/restart.ts), where no single statement took over
 * ~50 ms. Here each statement (or each transaction, which keeps the connection throughout) waits
 * for its own macrotask once it holds the connection, so a block is at most one statement and
 * what its caller does with the rows; other requests' I/O and timers run in between.
 */
export class TurnTakingSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new TurnTakingDriver(super.createDriver());
  }
}

// Captured at load: a test that fakes timers later must not stall every query.
const nextTurn = globalThis.setImmediate;
const turn = () => new Promise<void>((resolve) => nextTurn(resolve));

/** Kysely's SQLite driver, yielding to the event loop after acquiring its one connection. */
class TurnTakingDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    await turn();
    return connection;
  }
  beginTransaction: Driver['beginTransaction'] = (c, s) => this.inner.beginTransaction(c, s);
  commitTransaction: Driver['commitTransaction'] = (c) => this.inner.commitTransaction(c);
  rollbackTransaction: Driver['rollbackTransaction'] = (c) => this.inner.rollbackTransaction(c);
  savepoint: NonNullable<Driver['savepoint']> = (c, n, q) => this.inner.savepoint!(c, n, q);
  rollbackToSavepoint: NonNullable<Driver['rollbackToSavepoint']> = (c, n, q) =>
    this.inner.rollbackToSavepoint!(c, n, q);
  releaseSavepoint: NonNullable<Driver['releaseSavepoint']> = (c, n, q) =>
    this.inner.releaseSavepoint!(c, n, q);
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * Whether this thread's SQLite statements take turns: on the main thread, which serves every
 * request; a query worker runs one query at a time and gains nothing from yielding.
 */
export const SQLITE_TAKES_TURNS = isMainThread;
