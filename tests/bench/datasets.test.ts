import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  databaseNameOf,
  ensurePostgresDatabase,
  postgresBenchDatabase,
  rollupRecordPathOf,
  shownUrl,
  snapshotPathOf,
  sqliteBenchDatabase,
  type BenchDatabase,
} from '../../bench/database.ts';
import { holdsDataset } from '../../bench/datasets.ts';

// How `npm run bench -- --pg URL` finds or makes each scale's PostgreSQL dataset (bench/README.md).

describe('holdsDataset', () => {
  const seeded = { seededAt: '2026-12-04T16:00:00Z', scale: 'national', seed: '1403' };

  it('reuses a completely seeded database of the same scale and seed', () => {
    expect(holdsDataset(seeded, 'national', 1403)).toBe(true);
  });

  it('reseeds an interrupted seed, another scale or another seed', () => {
    expect(holdsDataset({ ...seeded, seededAt: null }, 'national', 1403)).toBe(false);
    expect(holdsDataset(seeded, 'large', 1403)).toBe(false);
    expect(holdsDataset(seeded, 'national', 7)).toBe(false);
    expect(holdsDataset({ seededAt: null, scale: null, seed: null }, 'national', 1403)).toBe(false);
  });
});

describe('bench databases', () => {
  const server = 'postgres://bench:secret@db.example:6543/postgres?sslmode=disable';

  it('gives each scale its own PostgreSQL database on the same server', () => {
    const national = postgresBenchDatabase(server, '/data', 'national');
    const large = postgresBenchDatabase(server, '/data', 'large');
    expect(databaseNameOf(national)).toBe('hemayat_bench_national');
    expect(databaseNameOf(large)).toBe('hemayat_bench_large');
    const url = new URL(national.url);
    expect([url.username, url.password, url.host, url.search]).toEqual([
      'bench',
      'secret',
      'db.example:6543',
      '?sslmode=disable',
    ]);
    expect(shownUrl(national)).not.toContain('secret');
  });

  it('keeps each scale and dialect in its own snapshot and rollup record', () => {
    const targets = [
      sqliteBenchDatabase('/data', 'national'),
      sqliteBenchDatabase('/data', 'large'),
      postgresBenchDatabase(server, '/data', 'national'),
      postgresBenchDatabase(server, '/data', 'large'),
    ];
    const snapshots = targets.map(snapshotPathOf);
    const records = targets.map(rollupRecordPathOf);
    expect(new Set(snapshots).size).toBe(4);
    expect(new Set(records).size).toBe(4);
    for (const path of [...snapshots, ...records]) expect(path.startsWith('/data/')).toBe(true);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('ensurePostgresDatabase', () => {
  it('creates the database once and leaves an existing one alone', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL ?? '';
    const url = new URL(serverUrl);
    url.pathname = `/hemayat_bench_test_${process.pid}`;
    const target: BenchDatabase = { dialect: 'postgres', url: url.href, snapshotDir: '/tmp' };
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const exists = async () =>
      (await admin.query('select 1 from pg_database where datname = $1', [databaseNameOf(target)]))
        .rowCount;
    try {
      expect(await exists()).toBe(0);
      await ensurePostgresDatabase(serverUrl, target);
      await ensurePostgresDatabase(serverUrl, target);
      expect(await exists()).toBe(1);
    } finally {
      await admin.query(
        `drop database if exists ${admin.escapeIdentifier(databaseNameOf(target))}`,
      );
      await admin.end();
    }
  });
});
