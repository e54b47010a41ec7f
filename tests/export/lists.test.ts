import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { parseFilterParams } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { iterateGrantList, iterateUnitList } from '../../server/engine/sql/raw-lists.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { exportFile, parseCsv, readWorkbook } from './export-helpers.ts';

const createCaller = createCallerFactory(appRouter);

const FILTER_SETS = [
  '',
  'from=1401&to=1402',
  'province=IR-10',
  'park=P1',
  'cluster=K1',
  'size=small',
  'heading=FIN-01',
  'category=MKT&from=1402&to=1402',
  'sector=METL&size=micro,small',
];

function filtersOf(query: string) {
  const parsed = parseFilterParams(new URLSearchParams(query));
  if (!parsed.success) throw new Error(query);
  return parsed.data;
}

const sum = (values: string[]) => values.reduce((s, v) => s + (v === '' ? 0n : BigInt(v)), 0n);

describe.each(testDialects())('raw lists on %s', (dialect) => {
  let t: TestDb;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE }));
  });
  afterAll(() => t.destroy());

  it.each(FILTER_SETS)('units.csv?%s holds the units the units metric counts', async (query) => {
    const api = await caller.stats.summary({ filters: filtersOf(query) });
    const { header, rows } = parseCsv(
      (await exportFile(t.db, ALL_SCOPE, 'units.csv', `${query}&header=keys`)).bytes,
    );
    expect(rows).toHaveLength(api.current.units);
    const employees = rows.map((r) => r[header.indexOf('employeesTo')] ?? '');
    expect(sum(employees)).toBe(BigInt(api.current.employment));
  });

  it.each(FILTER_SETS)('grants.csv?%s sums to the grants and amount metrics', async (query) => {
    const api = await caller.stats.summary({ filters: filtersOf(query) });
    const { header, rows } = parseCsv(
      (await exportFile(t.db, ALL_SCOPE, 'grants.csv', `${query}&header=keys`)).bytes,
    );
    expect(rows).toHaveLength(api.current.grants);
    expect(sum(rows.map((r) => r[header.indexOf('disbursedAmount')] ?? '')).toString()).toBe(
      api.current.amount,
    );
    const units = new Set(rows.map((r) => r[header.indexOf('unit')]));
    expect(units.size).toBe(api.current.supportedUnits);
  });

  it('lists every status on request, with the grant year’s size class', async () => {
    const { header, rows } = parseCsv(
      (await exportFile(t.db, ALL_SCOPE, 'grants.csv', 'status=all&header=keys&lang=en')).bytes,
    );
    const at = (code: string, key: string) =>
      rows.find((r) => r[0] === code)?.[header.indexOf(key)];
    expect(rows.map((r) => r[0])).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6']);
    expect(at('G3', 'status')).toBe('Rejected');
    expect(at('G3', 'disbursedAmount')).toBe('');
    expect(at('G1', 'size')).toBe('Micro'); // U1 had 5 employees in 1401
    expect(at('G2', 'size')).toBe('Small'); // and 12 in 1402
    expect(at('G5', 'size')).toBe(''); // no employment row in 1400
    expect(at('G1', 'year')).toBe('1401');
    expect(at('G1', 'appliedOn')).toBe('2022-05-22');
  });

  it('pages by id without losing or repeating a row', async () => {
    const filters = filtersOf('');
    const pages: string[][] = [];
    for await (const page of iterateGrantList(t.db, ALL_SCOPE, filters, {
      pageSize: 2,
      statuses: ['applied', 'disbursed', 'rejected'],
    })) {
      pages.push(page.map((g) => g.code));
    }
    expect(pages).toEqual([
      ['G1', 'G2'],
      ['G3', 'G4'],
      ['G5', 'G6'],
    ]);
    const unitPages: string[][] = [];
    for await (const page of iterateUnitList(t.db, ALL_SCOPE, filtersOf('to=1402'), {
      pageSize: 3,
    })) {
      unitPages.push(page.map((u) => u.code));
    }
    expect(unitPages).toEqual([['U1', 'U2', 'U3'], ['U5']]);
  });

  it('refuses an unknown park before sending anything', async () => {
    await expect(exportFile(t.db, ALL_SCOPE, 'grants.csv', 'park=NOPE')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('NOPE') as unknown,
    });
  });

  it('neutralises a formula in a unit name in the CSV list', async () => {
    await t.db.updateTable('units').set({ name_fa: '=1+1' }).where('code', '=', 'U4').execute();
    const { header, rows } = parseCsv(
      (await exportFile(t.db, ALL_SCOPE, 'units.csv', 'to=1401&header=keys')).bytes,
    );
    expect(rows.find((r) => r[0] === 'U4')?.[header.indexOf('name')]).toBe("'=1+1");
  });
});

describe('streaming list at small scale', () => {
  let t: TestDb;
  let db: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    await t.db.destroy();
    await seedDatabase(t.location, { scale: 'small' });
    db = openDatabase(t.location);
  }, 120_000);
  afterAll(async () => {
    await db.destroy();
    await t.destroy().catch(() => undefined);
  });

  it('exports every disbursed grant and every unit, in many pages', async () => {
    const caller = createCaller(createContext({ db, scope: ALL_SCOPE }));
    const api = await caller.stats.summary({ filters: {} });
    expect(api.current.grants).toBeGreaterThan(4000);
    const grants = parseCsv((await exportFile(db, ALL_SCOPE, 'grants.csv', 'header=keys')).bytes);
    expect(grants.rows).toHaveLength(api.current.grants);
    expect(new Set(grants.rows.map((r) => r[0])).size).toBe(api.current.grants);
    const amount = grants.rows.reduce(
      (s, r) => s + BigInt(r[grants.header.indexOf('disbursedAmount')] ?? '0'),
      0n,
    );
    expect(amount.toString()).toBe(api.current.amount);
    const units = parseCsv((await exportFile(db, ALL_SCOPE, 'units.csv', '')).bytes);
    expect(units.rows).toHaveLength(api.current.units);
    // Every status: more rows than one 5000-row page.
    const all = parseCsv((await exportFile(db, ALL_SCOPE, 'grants.csv', 'status=all')).bytes);
    const [counted] = await db
      .selectFrom('grants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '>=', api.range.from)
      .where('year', '<=', api.range.to)
      .execute();
    expect(all.rows.length).toBeGreaterThan(5000);
    expect(all.rows).toHaveLength(Number(counted?.n));
    expect(new Set(all.rows.map((r) => r[0])).size).toBe(all.rows.length);
  }, 120_000);

  it('small pages give the same rows as large ones', async () => {
    const codes = async (pageSize: number) => {
      const out: string[] = [];
      for await (const page of iterateGrantList(db, ALL_SCOPE, filtersOf('province=IR-10'), {
        pageSize,
      })) {
        out.push(...page.map((g) => g.code));
      }
      return out;
    };
    const big = await codes(100_000);
    expect(big.length).toBeGreaterThan(50);
    expect(await codes(37)).toEqual(big);
  }, 120_000);

  it('agrees with the API for a filtered province list in Excel', async () => {
    const caller = createCaller(createContext({ db, scope: ALL_SCOPE }));
    const filters = { province: ['IR-10', 'IR-23'], from: 1400, to: 1402 };
    const api = await caller.stats.summary({ filters });
    const file = await exportFile(
      db,
      ALL_SCOPE,
      'grants.xlsx',
      'province=IR-10,IR-23&from=1400&to=1402',
    );
    const sheet = (await readWorkbook(file.bytes)).worksheets[0];
    expect((sheet?.actualRowCount ?? 0) - 1).toBe(api.current.grants);
  }, 120_000);
});
