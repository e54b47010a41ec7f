import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { filtersSchema } from '../../server/domain/filters-schema.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { writeTemplateFiles } from '../../server/import/template-export.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { createEmptyDb, createTestDb, testDialects } from '../helpers/db.ts';
import { importInto } from './helpers.ts';
import type { Database } from '../../server/db/schema.ts';
import type { Kysely } from 'kysely';

const DIR = join(process.cwd(), 'tests', '.tmp', `round-trip-${process.pid}`);
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

async function aggregates(db: Kysely<Database>) {
  const filters = filtersSchema.parse({});
  return {
    summary: await getSummary(db, ALL_SCOPE, filters),
    byProvince: await getBreakdown(db, ALL_SCOPE, filters, { by: 'province', limit: 500 }),
    byHeadingYear: await getBreakdown(db, ALL_SCOPE, filters, {
      by: 'heading',
      by2: 'year',
      limit: 500,
    }),
    byPark: await getBreakdown(db, ALL_SCOPE, filters, { by: 'park', limit: 500 }),
    months: await getTimeseries(db, ALL_SCOPE, filters, 'month'),
  };
}

async function rawRows(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['parks', 'clusters', 'units', 'employment', 'grants', 'targets']) {
    out[table] = (
      await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2`.execute(
        db,
      )
    ).rows;
  }
  return out;
}

describe.each(testDialects())('round trip on %s', (dialect) => {
  it('template files written from a dataset import into an empty database with identical rows and aggregates', async () => {
    const source = await createEmptyDb(dialect);
    const target = await createTestDb(dialect);
    const dir = join(DIR, dialect);
    mkdirSync(dir, { recursive: true });
    try {
      await source.db.destroy();
      await seedDatabase(source.location, {
        scale: 'small',
        ...(source.schema ? { schema: source.schema } : {}),
      });
      const db = openDatabase(source.location, source.schema ? { schema: source.schema } : {});
      try {
        const files = await writeTemplateFiles(db, dir);
        const report = await importInto(target, files);
        expect(report.issues.slice(0, 3)).toEqual([]);
        expect(report.outcome).toBe('ok');
        expect(report.counts.grants?.inserted).toBeGreaterThan(1000);
        expect(report.counts.targets?.inserted).toBeGreaterThan(100);
        expect(await rawRows(target.db)).toEqual(await rawRows(db));
        const { rebuildRollups } = await import('../../server/engine/rollups/rollups.ts');
        await rebuildRollups(db);
        expect(await aggregates(target.db)).toEqual(await aggregates(db));
      } finally {
        await db.destroy();
      }
    } finally {
      await target.destroy();
      await source.destroy().catch(() => undefined);
    }
  }, 300_000); // seeding and importing ~30k rows on a shared machine
});
