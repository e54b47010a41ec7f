import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { prepareExport } from '../../server/export/export-file.ts';
import { parseExportRequest } from '../../server/export/request.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { createQueryPool, type QueryPool } from '../../server/engine/workers/worker-pool.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { recordingPool } from '../helpers/recording-pool.ts';
import { FIXTURE } from '../queries/fixture.ts';

// Exports of views that read the facts run in the server's query workers, as the page's
// requests do, not on the event loop; the file is the same either way.

async function csvOf(t: TestDb, file: string, query: string, pool?: QueryPool): Promise<string> {
  const request = parseExportRequest(file, new URLSearchParams(query));
  const prepared = await prepareExport(t.db, ALL_SCOPE, request, {
    now: new Date('2026-12-04T12:00:00Z'),
    ...(pool ? { pool } : {}),
  });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(out);
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(testDialects())('exports with the query workers on %s', (dialect) => {
  let t: TestDb;
  let pool: ReturnType<typeof createQueryPool>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
    pool = createQueryPool({ location: t.location, ...(t.schema ? { schema: t.schema } : {}) }, 2);
    // The workers plan reads of the facts only once both hold them.
    await vi.waitFor(() => expect(pool.memoryReady()).toBe(true), { timeout: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await pool.close();
    await t.destroy();
  });

  it('send the unit drill, a breakdown by park and impact to the workers', async () => {
    const { pool: recording, sent } = recordingPool(pool);
    for (const [file, query, name] of [
      ['drill.csv', 'level=unit&sort=amount', 'getDrill'],
      ['breakdown.csv', 'by=park', 'getBreakdown'],
      ['impact.csv', 'from=1400&to=1402', 'getImpact'],
    ] as const) {
      sent.length = 0;
      const pooled = await csvOf(t, file, query, recording);
      expect(sent).toContain(name);
      expect(pooled).toBe(await csvOf(t, file, query));
      expect(pooled.split('\n').length).toBeGreaterThan(2);
    }
  });
});
