import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormatter } from '../../server/domain/format.ts';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { renderKeyFact, type KeyMessagesResult } from '../../server/domain/key-messages.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getKeyMessages } from '../../server/queries/key-messages.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset, insertTargets, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { KEY_MESSAGES_FIXTURE, KEY_MESSAGES_TARGETS } from './key-messages-fixture.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

const FA = createFormatter({ lang: 'fa', digits: 'persian' });
const EN = createFormatter({ lang: 'en', digits: 'latin' });
const MEHR_1402 = { year: 1402, month: 7, day: 1 };
/** The fixture is small: every province and every change counts. */
const rules = { minUnits: 1, minGrants: 2 };
const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });
const texts = (r: KeyMessagesResult) => ({
  fa: r.messages.map((m) => renderKeyFact(m.fact, FA)),
  en: r.messages.map((m) => renderKeyFact(m.fact, EN)),
});

describe.each(testDialects())('key messages on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, KEY_MESSAGES_FIXTURE);
    await insertTargets(t.db, KEY_MESSAGES_TARGETS);
  });
  afterAll(() => t.destroy());

  it('says five things about the national view of 1402, in Persian and English', async () => {
    // 1402: 4,160 bn rials (Qom 3,000; Isfahan 360; Tehran 300; Markazi and Yazd 200; Fars 100)
    // in 14 grants to 14 units; 1401: 1,100 bn. Per unit: Qom 750 bn against a median of 62.5
    // (MAD 20: z = 0.6745 × 687.5 / 20 = 23.2). Target 5,000 bn; 1 Mehr is day 187 of 365.
    const r = await getKeyMessages(t.db, ALL_SCOPE, f({ from: 1402, to: 1402 }), MEHR_1402, {
      rules,
    });
    expect(r.comparedYear).toBeNull();
    expect(texts(r)).toEqual({
      fa: [
        'در سال ۱۴۰۲، ۴٫۲ هزار میلیارد ریال در قالب ۱۴ حمایت به ۱۴ واحد پرداخت شد؛ ۲۷۸٫۲٪ بیشتر از سال ۱۴۰۱ (۱٫۱ هزار میلیارد ریال).',
        'نسبت به سال ۱۴۰۱، بیشترین رشد مبلغ پرداختی را قم داشت (\u200e+۱٬۴۰۰٪) و بیشترین کاهش را فارس (\u200e−۵۰٪).',
        'از ۶ استان، بیشترین پوشش حمایت را اصفهان (۱۰۰٪ از واحدها) و کمترین را فارس (۲۵٪) دارد.',
        'مبلغ پرداختی به ازای هر واحد در قم (۷۵۰ میلیارد ریال) در میان ۶ استان به‌طور غیرعادی بالاست؛ میانه ۶۲٫۵ میلیارد ریال است (قاعده: امتیاز z مقاوم بیش از ۳٫۵، بر پایه میانه و انحراف مطلق میانه).',
        '۸۳٫۲٪ هدف مبلغ پرداختی در سال ۱۴۰۲ محقق شده است (۴٫۲ هزار میلیارد ریال از ۵ هزار میلیارد ریال)؛ طبق برنامه تا امروز ۵۱٫۲٪ باید محقق می‌شد.',
      ],
      en: [
        'In 1402, 4.2 trillion rials was disbursed in 14 grants to 14 units: 278.2% more than in 1401 (1.1 trillion rials).',
        'Compared with 1401, Qom had the largest rise in the amount disbursed (+1,400%) and Fars the largest fall (-50%).',
        'Of 6 provinces, Isfahan has the highest support coverage (100% of its units) and Fars the lowest (25%).',
        "Qom's amount per unit (750 billion rials) is unusually high among 6 provinces; the median is 62.5 billion rials (rule: a robust z-score above 3.5, from the median and the median absolute deviation).",
        '83.2% of the 1402 target for the amount disbursed has been met (4.2 trillion rials of 5 trillion rials); by today the plan expected 51.2%.',
      ],
    });
    expect(r.messages.map((m) => [m.link.path, m.link.params.metric])).toEqual([
      ['/', undefined],
      ['/provinces', 'amount'],
      ['/provinces', 'coverage'],
      ['/provinces', 'amount'],
      ['/plan', 'amount'],
    ]);
  });

  it('ranks a province with a Persian ordinal, ties sharing the rank', async () => {
    // Coverage 1402: Isfahan 4/4, Tehran 3/4, then Markazi, Yazd and Qom 2/4: Yazd is third.
    const r = await getKeyMessages(
      t.db,
      ALL_SCOPE,
      f({ from: 1402, to: 1402, province: ['IR-21'] }),
      MEHR_1402,
      { rules },
    );
    expect(texts(r)).toEqual({
      fa: [
        'در سال ۱۴۰۲، ۲۰۰ میلیارد ریال در قالب ۲ حمایت به ۲ واحد پرداخت شد؛ ۱۰۰٪ بیشتر از سال ۱۴۰۱ (۱۰۰ میلیارد ریال).',
        'یزد با پوشش ۵۰٪ از واحدها، سومین استان از ۶ استان است.',
      ],
      en: [
        'In 1402, 200 billion rials was disbursed in 2 grants to 2 units: 100% more than in 1401 (100 billion rials).',
        'Yazd ranks 3rd of 6 provinces in support coverage (50% of its units).',
      ],
    });
    expect(r.messages[0]?.link).toEqual({
      path: '/provinces/IR-21',
      params: { province: 'IR-21', from: '1402', to: '1402' },
    });
  });

  it('compares the last year with the one before when the period has no predecessor', async () => {
    const r = await getKeyMessages(t.db, ALL_SCOPE, EMPTY_FILTERS, MEHR_1402, { rules });
    expect(r.period).toEqual({ from: 1401, to: 1402 });
    expect(r.comparedYear).toBe(1402);
    expect(r.messages[0]?.fact).toMatchObject({
      kind: 'headline',
      period: { from: 1402, to: 1402 },
    });
  });

  it('states a units target as the last year’s, whatever the period', async () => {
    // Fars: 4 units in 1402 against a 1402 target of 5; the view is the whole range 1401–1402.
    const r = await getKeyMessages(t.db, ALL_SCOPE, f({ province: ['IR-07'] }), MEHR_1402, {
      rules,
    });
    expect(r.period).toEqual({ from: 1401, to: 1402 });
    expect(texts(r).en.at(-1)).toBe(
      '80% of the 1402 target for the number of operating units has been met (4 of 5); by today the plan expected 51.2%.',
    );
    expect(texts(r).fa.at(-1)).toBe(
      '۸۰٪ هدف شمار واحدهای فعال در سال ۱۴۰۲ محقق شده است (۴ از ۵)؛ طبق برنامه تا امروز ۵۱٫۲٪ باید محقق می‌شد.',
    );
  });

  it("a provincial caller's messages speak of their province only", async () => {
    const r = await getKeyMessages(
      t.db,
      { provinces: ['IR-21'] },
      f({ from: 1402, to: 1402 }),
      MEHR_1402,
      {
        rules,
      },
    );
    expect(texts(r).en).toEqual([
      'In 1402, 200 billion rials was disbursed in 2 grants to 2 units: 100% more than in 1401 (100 billion rials).',
    ]);
    // Isfahan's own target, not the national one, answers an Isfahan account.
    const isfahan = await getKeyMessages(
      t.db,
      { provinces: ['IR-10'] },
      f({ from: 1402, to: 1402 }),
      MEHR_1402,
      {
        rules,
      },
    );
    expect(texts(isfahan).en.at(-1)).toBe(
      '90% of the 1402 target for the amount disbursed has been met (360 billion rials of 400 billion rials); by today the plan expected 51.2%.',
    );
  });
});

describe('every number in a key message is the query’s', () => {
  it('on random datasets, in both languages', async () => {
    const t = await createTestDb('sqlite');
    try {
      const provinces = ['IR-00', 'IR-01', 'IR-07', 'IR-10', 'IR-21', 'IR-23'];
      await insertDataset(
        t.db,
        randomDataset({ units: 300, years: [1399, 1402], provinces, seed: 18 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1400, max: 1402 }),
          fc.subarray(provinces, { maxLength: 2 }),
          async (year, province) => {
            const filters = f({ from: year, to: year, province });
            const r = await getKeyMessages(t.db, ALL_SCOPE, filters, MEHR_1402, { rules });
            const summary = await getSummary(t.db, ALL_SCOPE, filters);
            const places = await getBreakdown(t.db, ALL_SCOPE, f({ from: year, to: year }), {
              by: 'province',
            });
            const byKey = new Map(places.rows.map((p) => [p.key, p]));
            for (const { fact } of r.messages) {
              const said = { fa: renderKeyFact(fact, FA), en: renderKeyFact(fact, EN) };
              const says = (fmt: typeof FA, text: string) =>
                expect(said[fmt.locale.lang]).toContain(text);
              for (const fmt of [FA, EN]) {
                if (fact.kind === 'headline') {
                  expect(fact.amount).toBe(summary.current.amount);
                  expect(fact.grants).toBe(summary.current.grants);
                  expect(fact.supportedUnits).toBe(summary.current.supportedUnits);
                  says(fmt, fmt.moneyCompact(summary.current.amount));
                  says(fmt, fmt.number(summary.current.grants));
                  if (fact.previous) {
                    expect(fact.previous.amount).toBe(summary.previous?.amount);
                    says(fmt, fmt.moneyCompact(summary.previous?.amount));
                  }
                }
                if (fact.kind === 'leaders') {
                  for (const p of [fact.leader, fact.laggard]) {
                    expect(p.coverage).toBe(byKey.get(p.key)?.coverage);
                    says(fmt, fmt.percent(byKey.get(p.key)?.coverage));
                  }
                }
                if (fact.kind === 'rank') {
                  expect(fact.place.coverage).toBe(byKey.get(fact.place.key)?.coverage);
                  says(fmt, fmt.percent(fact.place.coverage));
                }
                if (fact.kind === 'unusual' && fact.place) {
                  const p = byKey.get(fact.place.key);
                  expect(fact.place.perUnit).toBe(
                    Number(BigInt(p?.amount ?? '0')) / (p?.units ?? 1),
                  );
                  says(fmt, fmt.moneyCompact(fact.place.perUnit));
                }
              }
            }
          },
        ),
        propertyRuns({ numRuns: 12, seed: 18 }),
      );
    } finally {
      await t.destroy();
    }
  });
});
