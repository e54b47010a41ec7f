import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listImports } from '../../server/import/history.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { importInto, VALID_DIR } from './helpers.ts';

const TARGETS_CSV = join(VALID_DIR, 'targets.csv');

/** Every stored target with its key as codes, in id order. */
async function storedTargets(t: TestDb) {
  const { rows } = await sql<{
    id: number;
    code: string;
    year: number;
    province: string | null;
    category: string | null;
    heading: string | null;
    metric: string;
    value: string;
  }>`select t.id, t.code, t.year, p.code as province, c.code as category, h.code as heading,
        t.metric, cast(t.value as text) as value
     from targets t left join provinces p on p.id = t.province_id
       left join support_categories c on c.id = t.category_id
       left join support_headings h on h.id = t.heading_id
     order by t.id`.execute(t.db);
  return rows.map((r) => ({ ...r, id: Number(r.id), year: Number(r.year) }));
}

function tempFile(name: string, text: string): string {
  const path = join(process.cwd(), 'tests', '.tmp', `${process.pid}-${name}`);
  writeFileSync(path, text);
  return path;
}

describe.each(testDialects())('targets import on %s', (dialect) => {
  let t: TestDb | null = null;
  const files: string[] = [];
  afterEach(async () => {
    await t?.destroy();
    t = null;
    for (const f of files.splice(0)) rmSync(f, { force: true });
  });

  it('reads the Persian-typed template: the whole country, provinces and support by any name', async () => {
    t = await createTestDb(dialect);
    const report = await importInto(t, [TARGETS_CSV]);
    expect(report.issues).toEqual([]);
    expect(report.counts.targets).toEqual({
      rows: 6,
      inserted: 6,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const row = (
      code: string,
      province: string | null,
      support: [string | null, string | null],
      metric: string,
      value: string,
    ) => ({
      code,
      year: 1402,
      province,
      category: support[0],
      heading: support[1],
      metric,
      value,
    });
    expect((await storedTargets(t)).map(({ id: _id, ...r }) => r)).toEqual([
      row('1402/*/*/amount', null, [null, null], 'amount', '5000000000'),
      row('1402/IR-23/*/grants', 'IR-23', [null, null], 'grants', '2'),
      row('1402/IR-10/FIN/amount', 'IR-10', ['FIN', null], 'amount', '4000000000'),
      row('1402/IR-10/FIN-01/supportedUnits', 'IR-10', [null, 'FIN-01'], 'supportedUnits', '1'),
      row('1402/IR-10/*/units', 'IR-10', [null, null], 'units', '3'),
      row('1402/*/*/employment', null, [null, null], 'employment', '1250'),
    ]);
  });

  it('upserts on the key: a second load changes nothing, an edited value is updated in place', async () => {
    t = await createTestDb(dialect);
    await importInto(t, [TARGETS_CSV]);
    const before = await storedTargets(t);
    const again = await importInto(t, [TARGETS_CSV]);
    expect(again.counts.targets).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });
    const edited = tempFile(
      'targets.csv',
      'year,province,metric,value\n1402,کل کشور,مبلغ پرداختی,"7,000,000,000"\n1403,کل کشور,amount,"9,007,199,254,740,991"\n',
    );
    files.push(edited);
    const r = await importInto(t, [edited]);
    expect(r.issues).toEqual([]);
    expect(r.counts.targets).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    const after = await storedTargets(t);
    expect(after[0]).toEqual({ ...before[0], value: '7000000000' }); // same id
    expect(after.at(-1)).toMatchObject({ code: '1403/*/*/amount', value: '9007199254740991' });
  });

  it('a value beyond 2^53 is refused like an amount, and nothing is written', async () => {
    t = await createTestDb(dialect);
    const big = tempFile(
      'targets-big.csv',
      'year,province,metric,value\n1402,IR-23,amount,9007199254740993\n',
    );
    files.push(big);
    const r = await importInto(t, [big]);
    expect(r.outcome).toBe('rejected');
    expect(r.issues[0]).toMatchObject({ code: 'too_large', row: 2, column: 'value' });
    expect(await storedTargets(t)).toEqual([]);
  });

  it('loading targets over a synthetic dataset keeps it synthetic and leaves the rollups alone', async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, {
      ...FIXTURE,
      meta: { synthetic: 'true', scale: 'national', source: 'synthetic', as_of: '2024-03-01' },
    });
    await rebuildRollups(t.db);
    const builtAt = async () =>
      (await t!.db.selectFrom('rollup_meta').selectAll().execute()).map((r) => [r.key, r.value]);
    const rollupsBefore = await builtAt();
    const report = await importInto(t, [TARGETS_CSV]);
    expect(report.outcome).toBe('ok');
    const meta = Object.fromEntries(
      (await t.db.selectFrom('dataset_meta').selectAll().execute()).map((m) => [m.key, m.value]),
    );
    expect(meta).toMatchObject({ synthetic: 'true', scale: 'national', source: 'synthetic' });
    expect(await builtAt()).toEqual(rollupsBefore);
    const [last] = await listImports(t.db, 1);
    expect(last).toMatchObject({ outcome: 'ok', fileName: 'targets.csv' });
    expect(last?.counts).toMatchObject({ targets: { inserted: 6 } });
    // clearing the synthetic data clears its targets with it
    const cleared = await importInto(t, [], { clearSynthetic: true });
    expect(cleared.outcome).toBe('ok');
    expect(await storedTargets(t)).toEqual([]);
  });
});
