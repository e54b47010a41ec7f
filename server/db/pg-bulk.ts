import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import { loadPg } from './load-pg.ts';

/**
 * Bulk reads and writes on the raw `pg` client behind a Kysely transaction: rows as arrays
 * (Kysely makes an object per row, then we took its values) and COPY FROM STDIN (a multi-row
 * INSERT is parsed and planned as SQL text, a COPY row is not). Kysely does not hand out its
 * client, so every pool openDatabase makes records its clients by backend process id, and a
 * transaction finds its own by asking the server for `pg_backend_pid()`: exact, whatever else
 * the pool is doing. No new dependency: COPY is a pg.Query that answers the server's
 * CopyInResponse with the rows (what pg-copy-streams does with a stream).
 */

type Handle = Pick<Kysely<unknown>, 'getExecutor' | 'isTransaction'>;

// Per pool (by the Kysely adapter, which a transaction shares with its parent): backend pid → client.
const clientsByAdapter = new WeakMap<object, Map<number, pg.PoolClient>>();

/** Called by openDatabase: remembers the clients `pool` connects, by backend process id. */
export function trackPgClients(db: Handle, pool: pg.Pool): void {
  const clients = new Map<number, pg.PoolClient>();
  clientsByAdapter.set(db.getExecutor().adapter, clients);
  pool.on('connect', (client) => {
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid !== null) clients.set(pid, client);
  });
  pool.on('remove', (client) => {
    const pid = (client as unknown as { processID: number | null }).processID;
    if (pid !== null && clients.get(pid) === client) clients.delete(pid);
  });
}

/**
 * The raw client that runs `tx`'s statements, or null (SQLite, or a handle openDatabase did not
 * make). Only for a transaction: it holds one connection until it ends, so statements sent on
 * the client and through `tx` run in the order they are awaited, in the same transaction.
 */
export async function pgClientOf(tx: Handle): Promise<pg.PoolClient | null> {
  const clients = clientsByAdapter.get(tx.getExecutor().adapter);
  // Outside a transaction the connection goes back to the pool after each statement.
  if (!clients || !tx.isTransaction) return null;
  const { rows } = await tx
    .getExecutor()
    .executeQuery<{ pid: number }>(CompiledQuery.raw('select pg_backend_pid() as pid'));
  const pid = rows[0]?.pid;
  return pid === undefined ? null : (clients.get(Number(pid)) ?? null);
}

/** Rows as arrays, in select-list order, through the connection's type parsers. */
export async function selectArrays(
  client: pg.ClientBase,
  text: string,
  values: readonly unknown[],
): Promise<unknown[][]> {
  const result = await client.query<unknown[]>({ text, values: [...values], rowMode: 'array' });
  return result.rows;
}

// COPY text format: one line per row, tab between values, \N for null. Our values are integers
// (numbers or bigints), so nothing needs escaping. Lines are joined in chunks: a string built
// value by value cost 8× more (at `large`, seconds for the 1.3M rollup rows).
const COPY_CHUNK_ROWS = 10_000;

/** A COPY … FROM STDIN whose data is sent whole when the server asks for it. */
type CopyIn = new (
  text: string,
  chunks: readonly Buffer[],
  callback: (err: Error | null, result: pg.QueryResult) => void,
) => pg.Query;

// Defined on first use: it extends pg's Query, and pg is loaded only when used (load-pg.ts).
let copyIn: CopyIn | null = null;
function copyInClass(): CopyIn {
  copyIn ??= class extends loadPg().Query {
    constructor(
      text: string,
      private readonly chunks: readonly Buffer[],
      callback: (err: Error | null, result: pg.QueryResult) => void,
    ) {
      super({ text, callback } as pg.QueryConfig);
    }

    handleCopyInResponse(connection: {
      sendCopyFromChunk(chunk: Buffer): void;
      endCopyFrom(): void;
    }): void {
      for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
      connection.endCopyFrom();
    }
  };
  return copyIn;
}

/**
 * Writes `rows` into `table` with COPY FROM STDIN on `client`; returns how many. Values must be
 * integers (number or bigint) or null.
 */
export async function copyRowsIn(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly (number | bigint | null)[]>,
): Promise<number> {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let count = 0;
  const flush = () => {
    chunks.push(Buffer.from(lines.join('\n') + '\n'));
    lines = [];
  };
  for (const row of rows) {
    lines.push(
      row.includes(null) ? row.map((v) => (v === null ? '\\N' : v)).join('\t') : row.join('\t'),
    );
    count++;
    if (lines.length === COPY_CHUNK_ROWS) flush();
  }
  if (lines.length > 0) flush();
  if (count === 0) return 0;
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const text = `copy ${quoted(table)} (${columns.map(quoted).join(', ')}) from stdin`;
  await new Promise<void>((resolve, reject) => {
    client.query(new (copyInClass())(text, chunks, (err) => (err ? reject(err) : resolve())));
  });
  return count;
}

const TAB = 9;
const NEWLINE = 10;
const MINUS = 45;
const BACKSLASH = 92;
const ZERO = 48;
const NINE = 57;
const LETTER_N = 78;
/** Digits summed exactly in a double; longer numbers are read from their text (as pg does). */
const EXACT_DIGITS = 15;

/**
 * A COPY … TO STDOUT of integer columns, parsed into rows of numbers (null for \N) as its data
 * arrives, in whatever pieces: no message object, string or parser call per value as a row
 * of the extended protocol costs. Anything but integers and nulls fails it. (Its fields keep
 * clear of pg.Query's own: `text`, `rows`, `values` there are the query's.)
 */
interface CopyOutQuery extends pg.Query {
  readonly parsed: (number | null)[][];
  readonly copyFailure: Error | null;
}
type CopyOut = new (text: string, callback: (err: Error | null) => void) => CopyOutQuery;

// Defined on first use, as CopyIn: it extends pg's Query.
let copyOut: CopyOut | null = null;
function copyOutClass(): CopyOut {
  copyOut ??= class extends loadPg().Query {
    readonly parsed: (number | null)[][] = [];
    copyFailure: Error | null = null;
    private current: (number | null)[] = [];
    private sum = 0;
    private digitCount = 0;
    private longDigits = '';
    private minus = false;
    private nullValue = false;

    constructor(text: string, callback: (err: Error | null) => void) {
      super({ text, callback } as pg.QueryConfig);
    }

    handleCopyData(message: { chunk: Buffer }): void {
      const bytes = message.chunk;
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i] ?? 0;
        if (c >= ZERO && c <= NINE) {
          if (this.digitCount < EXACT_DIGITS) this.sum = this.sum * 10 + (c - ZERO);
          else this.longDigits += String.fromCharCode(c);
          if (++this.digitCount === EXACT_DIGITS) this.longDigits = String(this.sum);
        } else if (c === TAB || c === NEWLINE) {
          this.endValue();
          if (c === NEWLINE) {
            this.parsed.push(this.current);
            this.current = [];
          }
        } else if (c === MINUS && this.digitCount === 0) this.minus = true;
        else if (c === BACKSLASH || c === LETTER_N) this.nullValue = true;
        else this.copyFailure ??= new Error(`COPY data not integers: byte ${c}`);
      }
    }

    private endValue(): void {
      const magnitude = this.digitCount > EXACT_DIGITS ? Number(this.longDigits) : this.sum;
      if (!this.nullValue && this.digitCount === 0)
        this.copyFailure ??= new Error('COPY data: empty value');
      this.current.push(this.nullValue ? null : this.minus ? -magnitude : magnitude);
      this.sum = 0;
      this.digitCount = 0;
      this.longDigits = '';
      this.minus = false;
      this.nullValue = false;
    }
  };
  return copyOut;
}

/**
 * The rows of `select` (integer columns only) as arrays of numbers, through COPY … TO STDOUT:
 * at `large` the rebuild reads 14M rows, whose per-value strings and parsing were most of its
 * reading CPU. `select` is SQL text without parameters.
 */
export async function copyRowsOut(
  client: pg.ClientBase,
  select: string,
): Promise<(number | null)[][]> {
  let query: CopyOutQuery | null = null;
  await new Promise<void>((resolve, reject) => {
    query = new (copyOutClass())(`copy (${select}) to stdout`, (err) => {
      const failure = err ?? query?.copyFailure ?? null;
      if (failure) reject(failure);
      else resolve();
    });
    client.query(query);
  });
  return (query as CopyOutQuery | null)?.parsed ?? [];
}
