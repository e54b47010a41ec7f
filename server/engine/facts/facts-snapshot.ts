import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { dialectOf, isPostgresUrl } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { getDataVersion } from '../../stores/data-state.ts';
import {
  loadMemoryFacts,
  withYearIndex,
  type DeriveOptions,
  type MemoryFacts,
  type Postings,
  type StoredFacts,
} from './memory-facts.ts';
import { densePositions } from './reference-lookup.ts';

/**
 * The in-memory facts persisted beside the database, so a restart reads them back in one
 * sequential pass instead of rebuilding them from the tables (45 s at `large`).
 *
 * Layout (little-endian): the magic `HMYFACTS`; the format version (u32); the header's length
 * (u32); the header, JSON (the key it was written for, the small lists, and every column's type,
 * length and offset); zeros to an 8-byte boundary; the columns, each at an 8-byte boundary (the
 * body, read into one SharedArrayBuffer that the columns then view without a copy); and a CRC-32
 * (u32) of every byte before it. A snapshot is used only when its format version, data version
 * and schema are the reader's and its size and checksum hold; anything else is rebuilt.
 */
export const SNAPSHOT_FORMAT = 2;
const MAGIC = Buffer.from('HMYFACTS', 'latin1');
const PREAMBLE = 16;
/** Read and write in pieces this big: each is one request to the thread pool, then a yield. */
const CHUNK = 8 << 20;
/** A header longer than this is not one we wrote. */
const MAX_HEADER = 64 << 20;

/** What a snapshot must match to be used: both come from the database at start. */
export interface SnapshotKey {
  /** The data version (data-state.ts: a new one after every seed or import rebuild). */
  dataVersion: string;
  /** The database's schema: dialect, its newest migration and (PostgreSQL) its schema name. */
  schema: string;
}

export type SnapshotRead =
  | { facts: MemoryFacts; bytes: number }
  | { facts: null; reason: 'missing' | 'stale' | 'corrupt'; detail: string };

type Kind = 'i32' | 'u8' | 'f64';
type Typed = Int32Array | Uint8Array | Float64Array;

/** The typed-array fields of MemoryFacts and how each is stored. */
const COLUMNS = {
  unitIds: 'i32',
  province: 'u8',
  park: 'i32',
  cluster: 'i32',
  sector: 'u8',
  employees: 'i32',
  size: 'u8',
  grantStart: 'i32',
  grantHeading: 'u8',
  grantYear: 'u8',
  grantMonth: 'u8',
  grantAmount: 'f64',
  categoryOfHeading: 'i32',
} as const satisfies Partial<Record<keyof MemoryFacts, Kind>>;
type ColumnName = keyof typeof COLUMNS;
const POSTINGS = ['byProvince', 'byPark', 'byCluster', 'bySector'] as const;
type PostingName = (typeof POSTINGS)[number];
/** The unit drill's name and code ranks (unit-order.ts), stored as `unitOrder.nameRank` etc. */
const UNIT_ORDER = ['nameRank', 'codeRank'] as const;

const VIEWS = { i32: Int32Array, u8: Uint8Array, f64: Float64Array } as const;

interface ColumnSpec {
  name: string;
  kind: Kind;
  length: number;
  /** Byte offset within the body (a multiple of 8). */
  offset: number;
}

interface Header extends SnapshotKey {
  yMin: number;
  nYears: number;
  provinces: number[];
  sectors: number[];
  headings: number[];
  categories: number[];
  parkIds: number[];
  clusterIds: number[];
  columns: ColumnSpec[];
  bodyBytes: number;
}

/**
 * Where the snapshot of a database's facts is kept: beside a SQLite file (`FILE-facts`, like its
 * `-wal` and `-shm`); for PostgreSQL, on this server's own disk in `dir` (default `data/`), named
 * by the database's host, port, name and schema (never its password). Several app servers
 * sharing one PostgreSQL each keep their own local snapshot, keyed by the same data version.
 */
export function factsSnapshotPath(location: string, schema?: string, dir = 'data'): string {
  if (!isPostgresUrl(location)) return `${location}-facts`;
  const url = new URL(location);
  const identity = `${url.hostname}:${url.port || '5432'}${url.pathname}#${schema ?? ''}`;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return join(resolve(dir), `postgres-${hash}.facts`);
}

/**
 * The key the facts of `db` are stored under now: its data version and schema (dialect, newest
 * applied migration, PostgreSQL schema name). Null before the first rollup build: no version, no
 * snapshot.
 */
export async function snapshotKeyOf(db: Kysely<Database>): Promise<SnapshotKey | null> {
  const dataVersion = await getDataVersion(db);
  if (!dataVersion) return null;
  const { rows } = await (
    dialectOf(db) === 'postgres'
      ? sql<{ m: string | null; s: string }>`select (select max(name) from kysely_migration) as m,
        current_schema() as s`
      : sql<{ m: string | null; s: string }>`select (select max(name) from kysely_migration) as m,
        '' as s`
  ).execute(db);
  const row = rows[0];
  return { dataVersion, schema: `${dialectOf(db)}:${row?.m ?? ''}:${row?.s ?? ''}` };
}

/**
 * Makes the snapshot at `path` hold the facts of `db` as they are now (a command that changed
 * the data calls it: `npm run import` after a commit), so the next start reads it rather than
 * the tables. Leaves a current snapshot alone.
 */
export async function refreshFactsSnapshot(
  db: Kysely<Database>,
  path: string,
): Promise<'current' | 'written' | 'no facts'> {
  const key = await snapshotKeyOf(db);
  if (!key) return 'no facts';
  // Only the stored columns matter here: nothing derived from them is built.
  const derive = { cells: false };
  if ((await readFactsSnapshot(path, key, derive)).facts) return 'current';
  const facts = await loadMemoryFacts(db, derive);
  // Not when the data changed during the load (another import): the next start rebuilds it.
  if (!facts || (await getDataVersion(db)) !== key.dataVersion) return 'no facts';
  await writeFactsSnapshot(path, facts, key);
  return 'written';
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Every stored column of `facts`, by name (postings as `byPark.offsets`, `byPark.units`). */
function columnsOf(facts: StoredFacts): [string, Kind, Typed][] {
  const out: [string, Kind, Typed][] = [];
  for (const [name, kind] of Object.entries(COLUMNS) as [ColumnName, Kind][]) {
    out.push([name, kind, facts[name]]);
  }
  for (const name of POSTINGS) {
    out.push([`${name}.offsets`, 'i32', facts[name].offsets]);
    out.push([`${name}.units`, 'i32', facts[name].units]);
  }
  for (const name of UNIT_ORDER) out.push([`unitOrder.${name}`, 'i32', facts.unitOrder[name]]);
  return out;
}

const bytesOf = (a: Typed) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes `facts` to `path` atomically: a temporary file beside it, written in chunks, fsynced,
 * then renamed over `path` (and the directory fsynced), so a reader sees the old snapshot or the
 * new one, never a part. Returns the size written.
 */
export async function writeFactsSnapshot(
  path: string,
  facts: StoredFacts,
  key: SnapshotKey,
  format = SNAPSHOT_FORMAT,
): Promise<{ bytes: number }> {
  const columns = columnsOf(facts);
  const specs: ColumnSpec[] = [];
  let bodyBytes = 0;
  for (const [name, kind, data] of columns) {
    specs.push({ name, kind, length: data.length, offset: bodyBytes });
    bodyBytes = align8(bodyBytes + data.byteLength);
  }
  const header: Header = {
    ...key,
    yMin: facts.yMin,
    nYears: facts.nYears,
    provinces: facts.provinces.ids,
    sectors: facts.sectors.ids,
    headings: facts.headings.ids,
    categories: facts.categories.ids,
    parkIds: facts.parkIds,
    clusterIds: facts.clusterIds,
    columns: specs,
    bodyBytes,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(align8(PREAMBLE + json.length));
  MAGIC.copy(head, 0);
  head.writeUInt32LE(format, 8);
  head.writeUInt32LE(json.length, 12);
  json.copy(head, PREAMBLE);

  await mkdir(dirname(path), { recursive: true });
  await removeAbandoned(path);
  const temp = `${path}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'wx');
  try {
    let position = 0;
    let crc = 0;
    const put = async (bytes: Uint8Array) => {
      for (let at = 0; at < bytes.length; at += CHUNK) {
        const piece = bytes.subarray(at, Math.min(bytes.length, at + CHUNK));
        crc = crc32(piece, crc);
        await file.write(piece, 0, piece.length, position);
        position += piece.length;
      }
    };
    await put(head);
    const zeros = new Uint8Array(8);
    for (const [, , data] of columns) {
      await put(bytesOf(data));
      await put(zeros.subarray(0, align8(data.byteLength) - data.byteLength));
    }
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32LE(crc >>> 0, 0);
    await file.write(trailer, 0, 4, position);
    await file.sync();
    await file.close();
    await rename(temp, path);
    await syncDirectory(dirname(path));
    return { bytes: position + 4 };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** Temporary files of writers that died before their rename (their process is gone). */
async function removeAbandoned(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const name of await readdir(dirname(path)).catch(() => [])) {
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!name.startsWith(prefix) || !name.endsWith('.tmp') || !Number.isInteger(pid)) continue;
    if (pid !== process.pid && !processAlive(pid)) {
      await rm(join(dirname(path), name), { force: true });
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes a rename durable (Linux; elsewhere opening a directory may fail, which is harmless). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Reads the snapshot at `path` when it was written for `key` and is whole: the body goes in one
 * sequential pass, in chunks (the thread stays responsive), straight into one SharedArrayBuffer
 * that every column views. Otherwise says why not (missing, stale or corrupt): never a partial or
 * foreign snapshot.
 */
export async function readFactsSnapshot(
  path: string,
  key: SnapshotKey,
  options: DeriveOptions = {},
): Promise<SnapshotRead> {
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) return { facts: null, reason: 'missing', detail: `no snapshot at ${path}` };
  const corrupt = (detail: string): SnapshotRead => ({ facts: null, reason: 'corrupt', detail });
  const stale = (detail: string): SnapshotRead => ({ facts: null, reason: 'stale', detail });
  const file = await open(path, 'r');
  try {
    const readAt = async (target: Uint8Array, position: number) => {
      for (let at = 0; at < target.length;) {
        const n = Math.min(CHUNK, target.length - at);
        const { bytesRead } = await file.read(target, at, n, position + at);
        if (bytesRead === 0) return false;
        at += bytesRead;
      }
      return true;
    };
    const preamble = Buffer.alloc(PREAMBLE);
    if (size < PREAMBLE + 4 || !(await readAt(preamble, 0)))
      return corrupt('shorter than its preamble');
    if (!preamble.subarray(0, 8).equals(MAGIC)) return corrupt('not a facts snapshot');
    const format = preamble.readUInt32LE(8);
    if (format !== SNAPSHOT_FORMAT) {
      return stale(`format version ${format}, this server reads ${SNAPSHOT_FORMAT}`);
    }
    const headerLength = preamble.readUInt32LE(12);
    if (headerLength > MAX_HEADER || PREAMBLE + headerLength + 4 > size) {
      return corrupt('header longer than the file');
    }
    const head = Buffer.alloc(align8(PREAMBLE + headerLength));
    if (!(await readAt(head, 0))) return corrupt('truncated header');
    let header: Header;
    try {
      header = JSON.parse(head.toString('utf8', PREAMBLE, PREAMBLE + headerLength)) as Header;
    } catch {
      return corrupt('unreadable header');
    }
    if (header.dataVersion !== key.dataVersion) {
      return stale(`data version ${header.dataVersion}, the database is at ${key.dataVersion}`);
    }
    if (header.schema !== key.schema) {
      return stale(`schema ${header.schema}, the database has ${key.schema}`);
    }
    if (!Number.isSafeInteger(header.bodyBytes) || head.length + header.bodyBytes + 4 !== size) {
      return corrupt(`${size} bytes, expected ${head.length + header.bodyBytes + 4} (truncated?)`);
    }
    const body = new SharedArrayBuffer(header.bodyBytes);
    const bodyBytes = new Uint8Array(body);
    let crc = crc32(head);
    // One sequential pass; each piece is checksummed as it arrives.
    for (let at = 0; at < bodyBytes.length; at += CHUNK) {
      const piece = bodyBytes.subarray(at, Math.min(bodyBytes.length, at + CHUNK));
      if (!(await readAt(piece, head.length + at))) return corrupt('truncated body');
      crc = crc32(piece, crc);
    }
    const trailer = Buffer.alloc(4);
    if (!(await readAt(trailer, size - 4))) return corrupt('truncated checksum');
    if (crc >>> 0 !== trailer.readUInt32LE(0)) return corrupt('checksum mismatch');
    const facts = factsFrom(header, body, options);
    return facts ? { facts, bytes: size } : corrupt('columns do not match the format');
  } finally {
    await file.close();
  }
}

/** The facts whose columns view `body` as `header` lays them out; null when it does not fit. */
function factsFrom(
  header: Header,
  body: SharedArrayBuffer,
  options: DeriveOptions,
): MemoryFacts | null {
  const views = new Map<string, Typed>();
  for (const spec of header.columns) {
    const View = VIEWS[spec.kind] as (typeof VIEWS)[Kind] | undefined;
    if (
      !View ||
      spec.offset % 8 !== 0 ||
      spec.offset + spec.length * View.BYTES_PER_ELEMENT > body.byteLength
    ) {
      return null;
    }
    const { offset, length } = spec;
    views.set(
      spec.name,
      spec.kind === 'f64'
        ? new Float64Array(body, offset, length)
        : spec.kind === 'u8'
          ? new Uint8Array(body, offset, length)
          : new Int32Array(body, offset, length),
    );
  }
  const column = <K extends ColumnName>(name: K) => {
    const view = views.get(name);
    return view?.constructor === VIEWS[COLUMNS[name]] ? (view as MemoryFacts[K]) : null;
  };
  const postings = (name: PostingName): Postings | null => {
    const offsets = views.get(`${name}.offsets`);
    const units = views.get(`${name}.units`);
    return offsets instanceof Int32Array && units instanceof Int32Array ? { offsets, units } : null;
  };
  const rank = (name: (typeof UNIT_ORDER)[number]) => {
    const view = views.get(`unitOrder.${name}`);
    return view instanceof Int32Array ? view : null;
  };
  const nameRank = rank('nameRank');
  const codeRank = rank('codeRank');
  const parts = {
    unitOrder: nameRank && codeRank ? { nameRank, codeRank } : null,
    unitIds: column('unitIds'),
    province: column('province'),
    park: column('park'),
    cluster: column('cluster'),
    sector: column('sector'),
    employees: column('employees'),
    size: column('size'),
    grantStart: column('grantStart'),
    grantHeading: column('grantHeading'),
    grantYear: column('grantYear'),
    grantMonth: column('grantMonth'),
    grantAmount: column('grantAmount'),
    categoryOfHeading: column('categoryOfHeading'),
    byProvince: postings('byProvince'),
    byPark: postings('byPark'),
    byCluster: postings('byCluster'),
    bySector: postings('bySector'),
  };
  if (Object.values(parts).some((v) => v === null)) return null;
  const present = parts as { [K in keyof typeof parts]: NonNullable<(typeof parts)[K]> };
  const indexOf = (ids: number[]) => new Map(ids.map((id, i) => [id, i + 1]));
  return withYearIndex(
    {
      ...present,
      yMin: header.yMin,
      nYears: header.nYears,
      provinces: densePositions(header.provinces),
      sectors: densePositions(header.sectors),
      headings: densePositions(header.headings),
      categories: densePositions(header.categories),
      parkIds: header.parkIds,
      clusterIds: header.clusterIds,
      parkIndex: indexOf(header.parkIds),
      clusterIndex: indexOf(header.clusterIds),
    },
    options,
  );
}
