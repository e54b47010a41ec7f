import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormatter } from '../../server/domain/format.ts';
import { renderKeyFact } from '../../server/domain/key-messages.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { insertDataset, insertTargets, type TargetSpec } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { importInto, VALID_DIR } from '../import/helpers.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { KEY_MESSAGES_FIXTURE, KEY_MESSAGES_TARGETS } from '../queries/key-messages-fixture.ts';
import { exportFile, NOW, parseCsv, readWorkbook, sheetRows } from './export-helpers.ts';

const B = 1_000_000_000;

/**
 * The key-messages fixture (tests/queries/key-messages-fixture.ts: six provinces of four units,
 * 1402 amounts Qom 3,000, Isfahan 360 (180 of it MKT), Tehran 300 (100 MKT), Markazi and Yazd
 * 200, Fars 100 billion rials; 1401 1,100 in all) with its targets (national 1402 amount 5,000;
 * Isfahan 400; Fars 5 units) and a few more: Qom 2,500, FIN 4,000 in 1402, national 1,000 in 1401.
 */
const TARGETS: TargetSpec[] = [
  ...KEY_MESSAGES_TARGETS,
  { year: 1402, province: 'IR-25', metric: 'amount', value: 2500 * B },
  { year: 1402, support: 'FIN', metric: 'amount', value: 4000 * B },
  { year: 1401, metric: 'amount', value: 1000 * B },
];

const createCaller = createCallerFactory(appRouter);

const csv = async (t: TestDb, scope: Scope, file: string, query: string) =>
  parseCsv((await exportFile(t.db, scope, file, query)).bytes);

describe.each(testDialects())('plan columns and key messages in the exports on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, KEY_MESSAGES_FIXTURE);
    await insertTargets(t.db, TARGETS);
  });
  afterAll(() => t.destroy());

  it('a breakdown carries each row’s target and achievement, empty where the plan has none (English)', async () => {
    const { header, rows } = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=province&from=1402&to=1402&metrics=amount,units&metric=amount&lang=en',
    );
    expect(header).toEqual([
      'Province code',
      'Province',
      'Disbursed amount (rials)',
      'Production units',
      'Target: Disbursed amount (rials)',
      'Achievement: Disbursed amount (rials)',
      'Target: Production units',
      'Achievement: Production units',
    ]);
    // Qom 3,000 / 2,500; Isfahan 360 / 400; Fars 4 units / 5; the total 4,160 / 5,000 (the
    // national target). No national units target and one province's: the total has none.
    expect(rows).toEqual([
      ['IR-25', 'Qom', '3000000000000', '4', '2500000000000', '1.2', '', ''],
      ['IR-10', 'Isfahan', '360000000000', '4', '400000000000', '0.9', '', ''],
      ['IR-23', 'Tehran', '300000000000', '4', '', '', '', ''],
      ['IR-00', 'Markazi', '200000000000', '4', '', '', '', ''],
      ['IR-21', 'Yazd', '200000000000', '4', '', '', '', ''],
      ['IR-07', 'Fars', '100000000000', '4', '', '', '5', '0.8'],
      ['', 'Total', '4160000000000', '24', '5000000000000', '0.832', '', ''],
    ]);
  });

  it('the same columns in Persian, and as numeric cells in Excel', async () => {
    const query = 'by=province&from=1402&to=1402&metrics=amount,units&metric=amount';
    const { header, rows } = await csv(t, ALL_SCOPE, 'breakdown.csv', query);
    expect(header.slice(4)).toEqual([
      'هدف: مبلغ پرداختی (ریال)',
      'تحقق: مبلغ پرداختی (ریال)',
      'هدف: واحدهای تولیدی',
      'تحقق: واحدهای تولیدی',
    ]);
    expect(rows[0]?.slice(0, 2)).toEqual(['IR-25', 'قم']);
    expect(rows.at(-1)).toEqual([
      '',
      'جمع کل',
      '4160000000000',
      '24',
      '5000000000000',
      '0.832',
      '',
      '',
    ]);
    const wb = await readWorkbook(
      (await exportFile(t.db, ALL_SCOPE, 'breakdown.xlsx', query)).bytes,
    );
    const data = sheetRows(wb.worksheets[0] as ExcelJS.Worksheet);
    expect(data[1]).toEqual(['IR-25', 'قم', 3000000000000, 4, 2500000000000, 1.2, null, null]);
    expect(data[6]).toEqual(['IR-07', 'فارس', 100000000000, 4, null, null, 5, 0.8]);
    expect(data[7]).toEqual([null, 'جمع کل', 4160000000000, 24, 5000000000000, 0.832, null, null]);
    expect(wb.worksheets[0]?.getColumn(6).numFmt).toBe('0.0%');
    const about = sheetRows(wb.worksheets[1] as ExcelJS.Worksheet).map((r) => r[1]);
    expect(about).toContainEqual(
      expect.stringMatching(
        /^ستون‌های «هدف» هدف برنامه برای دقیقاً همان چیزی است که سطر نشان می‌دهد/,
      ),
    );
  });

  it('a year row takes its own year’s target; the total adds the range’s years', async () => {
    const { header, rows } = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=year&metrics=amount,units&metric=amount&lang=en&header=keys',
    );
    // No year has a units target for the whole country: no units plan columns at all.
    expect(header).toEqual(['key', 'amount', 'units', 'amountTarget', 'amountAchievement']);
    expect(rows).toEqual([
      ['1402', '4160000000000', '24', '5000000000000', '0.832'],
      ['1401', '1100000000000', '24', '1000000000000', '1.1'],
      // 5,260 / 6,000, to a millionth (exact bigint division)
      ['Total', '5260000000000', '24', '6000000000000', '0.876666'],
    ]);
  });

  it('a category row answers its category; under a heading filter, or by sector, none does', async () => {
    const { rows } = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=category&from=1402&to=1402&metrics=amount&metric=amount&lang=en&header=keys',
    );
    // FIN: 4,160 − 280 (MKT) = 3,880 of 4,000.
    expect(rows).toEqual([
      ['FIN', expect.any(String), '3880000000000', '4000000000000', '0.97'],
      ['MKT', expect.any(String), '280000000000', '', ''],
      ['', 'Total', '4160000000000', '5000000000000', '0.832'],
    ]);
    const underHeading = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=category&heading=FIN-01&from=1402&to=1402&metrics=amount&header=keys',
    );
    expect(underHeading.header).toEqual(['key', 'name', 'amount']);
    const bySector = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=sector&from=1402&to=1402&metrics=amount&header=keys',
    );
    // The total still answers the view (no sector filter): only it has a target.
    expect(bySector.header).toEqual(['key', 'name', 'amount', 'amountTarget', 'amountAchievement']);
    expect(bySector.rows.map((r) => r.slice(3))).toEqual([
      ['', ''],
      ['5000000000000', '0.832'],
    ]);
  });

  it('the cells are what stats.plan and stats.targets answer', async () => {
    const caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE, now: () => NOW }));
    let planned = 0;
    for (const query of ['from=1402&to=1402', 'from=1402&to=1402&category=FIN', '']) {
      const filters = Object.fromEntries(new URLSearchParams(query));
      const parsed = {
        ...(filters.from ? { from: Number(filters.from), to: Number(filters.to) } : {}),
        ...(filters.category ? { category: [filters.category] } : {}),
      };
      const plan = await caller.stats.plan({ filters: parsed, metric: 'amount', by: 'province' });
      const view = await caller.stats.targets({ filters: parsed });
      const { rows } = await csv(
        t,
        ALL_SCOPE,
        'provinces.csv',
        `${query}&metrics=amount&metric=amount&header=keys`,
      );
      const byKey = new Map(rows.map((r) => [r[0], r]));
      const cell = (v: string | number | null) => (v === null ? '' : String(v));
      planned += plan.rows.filter((r) => r.target !== null).length;
      // Each view has its own target: 5,000; FIN's 4,000; 1,000 + 5,000 over 1401–1402.
      expect(view.targets.amount.target).not.toBeNull();
      for (const r of plan.rows) {
        const row = byKey.get(r.key);
        expect(row?.slice(2), `${query} ${r.key}`).toEqual([
          cell(r.actual),
          cell(r.target),
          cell(r.achievement),
        ]);
      }
      expect(rows.at(-1)?.slice(-2)).toEqual([
        cell(view.targets.amount.target),
        cell(view.targets.amount.achievement),
      ]);
    }
    // Qom's and Isfahan's rows of 1402 have a target of their own.
    expect(planned).toBe(2);
  });

  it('a provincial user’s export shows their province’s targets and messages only', async () => {
    const scope = { provinces: ['IR-10'] };
    const { rows } = await csv(
      t,
      scope,
      'provinces.csv',
      'from=1402&to=1402&metrics=amount&metric=amount&lang=en&header=keys',
    );
    // Qom's 2,500 and the national 5,000 are not theirs: the total is Isfahan's own target.
    expect(rows).toEqual([
      ['IR-10', 'Isfahan', '360000000000', '400000000000', '0.9'],
      ['', 'Total', '360000000000', '400000000000', '0.9'],
    ]);
    const wb = await readWorkbook(
      (await exportFile(t.db, scope, 'provinces.xlsx', 'from=1402&to=1402&lang=en')).bytes,
    );
    expect(sheetRows(wb.worksheets[2] as ExcelJS.Worksheet)).toEqual([
      ['No.', 'Message', 'The view that shows it'],
      [
        1,
        'In 1402, 360 billion rials was disbursed in 4 grants to 4 units: 80% more than in 1401 (200 billion rials).',
        '/?from=1402&to=1402&lang=en',
      ],
      [
        2,
        '90% of the 1402 target for the amount disbursed has been met (360 billion rials of 400 billion rials).',
        '/plan?from=1402&to=1402&metric=amount&lang=en',
      ],
    ]);
  });

  it('the Excel key-messages sheet holds the screen’s sentences, in Persian and English', async () => {
    const query = 'from=1402&to=1402';
    const sheet = async (lang: string) => {
      const file = await exportFile(t.db, ALL_SCOPE, 'summary.xlsx', `${query}&lang=${lang}`);
      const wb = await readWorkbook(file.bytes);
      return {
        name: wb.worksheets[2]?.name,
        rows: sheetRows(wb.worksheets[2] as ExcelJS.Worksheet),
      };
    };
    // The export runs on 1405/09/07: 1402 is over, so no pace is stated.
    expect(await sheet('fa')).toEqual({
      name: 'پیام‌های کلیدی',
      rows: [
        ['ردیف', 'پیام', 'نمایی که آن را نشان می‌دهد'],
        [
          1,
          'در سال ۱۴۰۲، ۴٫۲ هزار میلیارد ریال در قالب ۱۴ حمایت به ۱۴ واحد پرداخت شد؛ ۲۷۸٫۲٪ بیشتر از سال ۱۴۰۱ (۱٫۱ هزار میلیارد ریال).',
          '/?from=1402&to=1402&lang=fa',
        ],
        [
          2,
          'مبلغ پرداختی به ازای هر واحد در قم (۷۵۰ میلیارد ریال) در میان ۶ استان به‌طور غیرعادی بالاست؛ میانه ۶۲٫۵ میلیارد ریال است (قاعده: امتیاز z مقاوم بیش از ۳٫۵، بر پایه میانه و انحراف مطلق میانه).',
          '/provinces?from=1402&to=1402&metric=amount&lang=fa',
        ],
        [
          3,
          '۸۳٫۲٪ هدف مبلغ پرداختی در سال ۱۴۰۲ محقق شده است (۴٫۲ هزار میلیارد ریال از ۵ هزار میلیارد ریال).',
          '/plan?from=1402&to=1402&metric=amount&lang=fa',
        ],
      ],
    });
    expect(await sheet('en')).toEqual({
      name: 'Key messages',
      rows: [
        ['No.', 'Message', 'The view that shows it'],
        [
          1,
          'In 1402, 4.2 trillion rials was disbursed in 14 grants to 14 units: 278.2% more than in 1401 (1.1 trillion rials).',
          '/?from=1402&to=1402&lang=en',
        ],
        [
          2,
          "Qom's amount per unit (750 billion rials) is unusually high among 6 provinces; the median is 62.5 billion rials (rule: a robust z-score above 3.5, from the median and the median absolute deviation).",
          '/provinces?from=1402&to=1402&metric=amount&lang=en',
        ],
        [
          3,
          '83.2% of the 1402 target for the amount disbursed has been met (4.2 trillion rials of 5 trillion rials).',
          '/plan?from=1402&to=1402&metric=amount&lang=en',
        ],
      ],
    });
  });

  it('the sheet equals stats.keyMessages written by the panel’s renderer, note and digits included', async () => {
    const cases: [Scope, string][] = [
      [ALL_SCOPE, ''],
      [ALL_SCOPE, 'province=IR-25&from=1402&to=1402'],
      [{ provinces: ['IR-07', 'IR-21'] }, ''],
    ];
    for (const [scope, query] of cases) {
      const caller = createCaller(createContext({ db: t.db, scope, now: () => NOW }));
      const params = new URLSearchParams(query);
      const filters = {
        ...(params.get('from') ? { from: 1402, to: 1402 } : {}),
        ...(params.get('province') ? { province: [params.get('province') ?? ''] } : {}),
      };
      const api = await caller.stats.keyMessages({ filters });
      for (const [lang, digits] of [
        ['fa', 'persian'],
        ['en', 'latin'],
        ['fa', 'latin'],
      ] as const) {
        const fmt = createFormatter({ lang, digits });
        const file = await exportFile(
          t.db,
          scope,
          'breakdown.xlsx',
          `${query}&by=province&lang=${lang}&digits=${digits}`,
        );
        const rows = sheetRows((await readWorkbook(file.bytes)).worksheets[2] as ExcelJS.Worksheet);
        const sentences = api.messages.map((m) => renderKeyFact(m.fact, fmt));
        expect(sentences.length).toBeGreaterThan(0);
        expect(rows.slice(1, 1 + sentences.length).map((r) => r[1])).toEqual(sentences);
        if (api.comparedYear !== null) {
          expect(rows.at(-1)?.[1]).toContain(fmt.year(api.comparedYear));
        }
      }
    }
  });
});

describe.each(testDialects())('plan columns from an imported targets.csv on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    // The import's own fixture, typed the Persian way (tests/import/targets.test.ts reads it).
    const report = await importInto(t, [join(VALID_DIR, 'targets.csv')]);
    expect(report.issues).toEqual([]);
  });
  afterAll(() => t.destroy());

  it('each province row against its imported target, as stats.plan answers', async () => {
    // 1402 (tests/queries/fixture.ts): Isfahan 3 units and 2 grants, Tehran 1 unit and none.
    // Imported: Tehran 2 grants, Isfahan 3 units; no national grants or units target.
    const { rows } = await csv(
      t,
      ALL_SCOPE,
      'breakdown.csv',
      'by=province&from=1402&to=1402&metrics=grants,units&lang=en&header=keys',
    );
    expect(rows).toEqual([
      ['IR-10', 'Isfahan', '2', '3', '', '', '3', '1'],
      ['IR-23', 'Tehran', '0', '1', '2', '0', '', ''],
      ['', 'Total', '2', '4', '', '', '', ''],
    ]);
    const caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE, now: () => NOW }));
    const plan = await caller.stats.plan({
      filters: { from: 1402, to: 1402 },
      metric: 'grants',
      by: 'province',
    });
    expect(plan.rows.map((r) => [r.key, r.target, r.achievement])).toEqual([
      ['IR-23', '2', 0],
      ['IR-10', null, null],
    ]);
  });
});
