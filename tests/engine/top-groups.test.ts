import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { topGroupPaths } from '../../server/engine/execute/top-groups.ts';
import { groupPaths } from '../../server/engine/memory/group-pass.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { type DatasetSpec, type UnitSpec } from '../helpers/builders.ts';
import { testDialects } from '../helpers/db.ts';
import { useFactsDb } from '../helpers/facts-db.ts';

// A breakdown by park or cluster from the group cells' columns picks its candidates by value
// (top-groups.ts), but a group's amount past 2^52 is a float part plus a bigint overflow: an
// amount order must then compare the whole amounts (the rows sorted), not the float parts.
// Here A's amount (2^53 - 2) leaves a float part of 0, below B's 2^51 and C's 1,000.

const unit = (code: string, group: string, amounts: number[]): UnitSpec => ({
  code,
  province: 'IR-10',
  sector: 'METL',
  park: `P${group}`,
  cluster: `K${group}`,
  employment: { 1401: 5, 1402: 6 },
  grants: amounts.map((amount) => ({ heading: 'FIN-01', year: 1401, month: 2, amount })),
});

const SPEC: DatasetSpec = {
  parks: ['A', 'B', 'C'].map((g) => ({ code: `P${g}`, province: 'IR-10' })),
  clusters: ['A', 'B', 'C'].map((g) => ({ code: `K${g}`, province: 'IR-10', sector: 'METL' })),
  units: [
    unit('UA', 'A', [2 ** 52 - 1, 2 ** 52 - 1]),
    unit('UB', 'B', [2 ** 51]),
    unit('UC', 'C', [1000]),
  ],
};

describe.each(testDialects())(
  'park and cluster breakdowns by amount past 2^52 on %s',
  (dialect) => {
    const fixture = useFactsDb(dialect, SPEC);

    it.each([
      ['park', 'desc', 'PA'],
      ['park', 'asc', 'PC'],
      ['cluster', 'desc', 'KA'],
      ['cluster', 'asc', 'KC'],
    ] as const)(
      'by %s, %s, keeps the one the whole amounts put first',
      async (by, order, first) => {
        const columns = groupPaths.columns;
        for (const limit of [1, 2]) {
          const input = { by, sort: 'amount' as const, order, limit };
          const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, EMPTY_FILTERS, input, {
            source: 'raw',
          });
          expect(raw.rows[0]?.key).toBe(first);
          for (const source of ['memory', 'auto'] as const) {
            const answer = await getBreakdown(
              fixture().withFacts,
              ALL_SCOPE,
              EMPTY_FILTERS,
              input,
              {
                source,
              },
            );
            expect(answer, `${source}, limit ${limit}`).toEqual(raw);
          }
        }
        // From the group cells' columns (the path under test), not another source.
        expect(groupPaths.columns).toBeGreaterThan(columns);
      },
    );

    it('picks by another metric from the columns, the folded amount exact past 2^52', async () => {
      // Fewest grants first: B and C (one each) are kept, A (two) folds into "others".
      const picked = topGroupPaths.picked;
      for (const by of ['park', 'cluster'] as const) {
        const input = { by, sort: 'grants' as const, order: 'asc' as const, limit: 1 };
        const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, EMPTY_FILTERS, input, {
          source: 'raw',
        });
        expect(raw.others?.amount).toBe(String(2n ** 53n - 2n + 1000n));
        expect(await getBreakdown(fixture().withFacts, ALL_SCOPE, EMPTY_FILTERS, input)).toEqual(
          raw,
        );
      }
      expect(topGroupPaths.picked).toBeGreaterThan(picked);
    });
  },
);

// A group with grants in the span but no unit with a row in `to` has no coverage: it sorts last
// in either order (compareGroupedRows), so the pick from the columns must rank it past every
// group with a coverage, 0 included. Here, over 1401-1402: A covers 1 of 1, B none of its units
// has a row in 1402 (coverage missing), C has a unit and no grant (coverage 0); D, in no park and
// no cluster, belongs to no group and to no "others".
const coverageUnit = (
  code: string,
  group: string | null,
  employment: Record<number, number>,
  grantYears: number[],
): UnitSpec => ({
  code,
  province: 'IR-10',
  sector: 'METL',
  park: group && `P${group}`,
  cluster: group && `K${group}`,
  employment,
  grants: grantYears.map((year) => ({ heading: 'FIN-01', year, month: 3, amount: 500 })),
});

const COVERAGE_SPEC: DatasetSpec = {
  parks: ['A', 'B', 'C'].map((g) => ({ code: `P${g}`, province: 'IR-10' })),
  clusters: ['A', 'B', 'C'].map((g) => ({ code: `K${g}`, province: 'IR-10', sector: 'METL' })),
  units: [
    coverageUnit('UA', 'A', { 1401: 5, 1402: 6 }, [1401]),
    coverageUnit('UB', 'B', { 1401: 5 }, [1401, 1402]),
    coverageUnit('UC', 'C', { 1401: 4, 1402: 4 }, []),
    coverageUnit('UD', null, { 1401: 9, 1402: 9 }, [1402]),
  ],
};

describe.each(testDialects())('park and cluster breakdowns by coverage on %s', (dialect) => {
  const fixture = useFactsDb(dialect, COVERAGE_SPEC);

  it.each([
    ['park', 'asc', ['PC', 'PA', 'PB']],
    ['park', 'desc', ['PA', 'PC', 'PB']],
    ['cluster', 'asc', ['KC', 'KA', 'KB']],
    ['cluster', 'desc', ['KA', 'KC', 'KB']],
  ] as const)('by %s, %s, puts the group without a coverage last', async (by, order, keys) => {
    const picked = topGroupPaths.picked;
    const filters = { ...EMPTY_FILTERS, from: 1401, to: 1402 };
    for (const limit of [1, 2, 3]) {
      const input = { by, sort: 'coverage' as const, order, limit };
      const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, filters, input, {
        source: 'raw',
      });
      expect(raw.rows.map((r) => r.key)).toEqual(keys.slice(0, limit));
      for (const source of ['memory', 'auto'] as const) {
        const answer = await getBreakdown(fixture().withFacts, ALL_SCOPE, filters, input, {
          source,
        });
        expect(answer, `${source}, limit ${limit}`).toEqual(raw);
      }
    }
    expect(topGroupPaths.picked).toBeGreaterThan(picked);
  });
});
