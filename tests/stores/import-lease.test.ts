import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import {
  acquireImportLease,
  importLeaseHolder,
  LEASE_TTL_MS,
} from '../../server/stores/import-lease.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

// Issue #17 item 4: imports exclude each other across processes (CLI, HTTP, app servers), through
// a lease in the database that expires when its holder stops renewing it.
describe.each(testDialects())('import lease on %s', (dialect) => {
  let t: TestDb;
  /** Another process's connection to the same database. */
  const other = () =>
    openDatabase(t.location, { busyTimeoutMs: 0, ...(t.schema ? { schema: t.schema } : {}) });
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('is held by one holder at a time, named in the refusal, and free again once released', async () => {
    const first = await acquireImportLease(t.db, 'admin over HTTP on host:1');
    if (!first.acquired) throw new Error('a free lease was refused');
    const db2 = other();
    try {
      const second = await acquireImportLease(db2, 'npm run import (CLI) on host:2');
      expect(second).toMatchObject({
        acquired: false,
        holder: { label: 'admin over HTTP on host:1' },
      });
      await first.lease.release();
      expect(await importLeaseHolder(t.db)).toBeNull();
      const third = await acquireImportLease(db2, 'npm run import (CLI) on host:2');
      expect(third.acquired).toBe(true);
      if (third.acquired) await third.lease.release();
    } finally {
      await db2.destroy();
    }
  });

  it('lets exactly one of several racing processes in', async () => {
    const dbs = Array.from({ length: 4 }, other);
    try {
      const attempts = await Promise.all(dbs.map((db, i) => acquireImportLease(db, `racer ${i}`)));
      const winners = attempts.filter((a) => a.acquired);
      expect(winners).toHaveLength(1);
      for (const a of attempts) if (a.acquired) await a.lease.release();
    } finally {
      await Promise.all(dbs.map((db) => db.destroy()));
    }
  });

  it('expires when its holder stops renewing, and the dead holder cannot take it back', async () => {
    let clock = Date.parse('2026-12-03T10:00:00Z');
    const now = () => new Date(clock);
    const dead = await acquireImportLease(t.db, 'killed with -9', { now });
    if (!dead.acquired) throw new Error('a free lease was refused');
    clock += LEASE_TTL_MS - 1000;
    expect((await acquireImportLease(t.db, 'too early', { now })).acquired).toBe(false);
    clock += 2000;
    const next = await acquireImportLease(t.db, 'the next import', { now });
    if (!next.acquired) throw new Error('an expired lease was not taken over');
    expect(await dead.lease.renew()).toBe(false);
    await dead.lease.release();
    expect(await importLeaseHolder(t.db)).toMatchObject({ label: 'the next import' });
    // Renewal pushes the expiry forward for the live holder.
    clock += LEASE_TTL_MS - 1000;
    expect(await next.lease.renew()).toBe(true);
    clock += 2000;
    expect((await acquireImportLease(t.db, 'still too early', { now })).acquired).toBe(false);
    await next.lease.release();
  });
});

describe('import lease while an import holds SQLite write lock', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
  });
  afterAll(() => t.destroy());

  it('refuses a second import (holder unknown) and keeps the holder renewing', async () => {
    const db = openDatabase(t.location, { busyTimeoutMs: 0 });
    const held = await acquireImportLease(db, 'the running import');
    if (!held.acquired) throw new Error('a free lease was refused');
    // The import's own transaction, as SqliteTarget begins it.
    const importer = new SQLite(t.location);
    importer.exec('BEGIN IMMEDIATE');
    try {
      const refused = await acquireImportLease(db, 'a second import');
      expect(refused).toEqual({ acquired: false, holder: null });
      expect(await held.lease.renew()).toBe(true);
    } finally {
      importer.exec('ROLLBACK');
      importer.close();
    }
    await held.lease.release();
    expect(await importLeaseHolder(db)).toBeNull();
    await db.destroy();
  });
});
