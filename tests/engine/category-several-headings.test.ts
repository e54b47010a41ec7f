import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { headingPaths } from '../../server/engine/memory/heading-pass.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { type DatasetSpec, type UnitSpec } from '../helpers/builders.ts';
import { testDialects } from '../helpers/db.ts';
import { useFactsDb } from '../helpers/facts-db.ts';

// A grant read by category under a filter of several headings counts each category's units
// from the per-(heading, year, province) unit sets as bits (supported-bits.ts), its sums from
// the class cells: a unit with grants in two categories counts in each, and once in a category
// whatever its headings there. U3 is in FIN twice and in MKT; the REN units make the bits
// cheaper than the pass over every unit's grants, as at `large`.

const unit = (code: string, sector: string, headings: string[], year = 1402): UnitSpec => ({
  code,
  province: 'IR-10',
  sector,
  employment: { 1401: 5, 1402: 60 },
  grants: headings.map((heading) => ({ heading, year, month: 3, amount: 100 })),
});

const SPEC: DatasetSpec = {
  units: [
    unit('U1', 'METL', ['FIN-01']),
    unit('U2', 'METL', ['MKT-01']),
    unit('U3', 'CHEM', ['FIN-01', 'FIN-02', 'MKT-01']),
    unit('U4', 'CHEM', ['FIN-02', 'FIN-02'], 1401),
    ...Array.from({ length: 12 }, (_, i) => unit(`R${i}`, 'METL', ['REN-01'])),
  ],
};

describe.each(testDialects())('by category under several headings on %s', (dialect) => {
  const fixture = useFactsDb(dialect, SPEC);

  const cases: [string, Partial<Filters>][] = [
    ['two categories', { heading: ['FIN-01', 'MKT-01'] }],
    ['two headings of one category and another', { heading: ['FIN-01', 'FIN-02', 'MKT-01'] }],
    ['one year', { heading: ['FIN-01', 'FIN-02', 'MKT-01'], from: 1401, to: 1401 }],
    ['a province', { heading: ['FIN-02', 'MKT-01'], province: ['IR-10'], park: [] }],
  ];
  it.each(cases)('counts each unit once per category (%s)', async (_, more) => {
    const filters: Filters = { ...EMPTY_FILTERS, ...more };
    const input = {
      by: 'category' as const,
      metrics: ['grants' as const, 'amount' as const, 'supportedUnits' as const],
    };
    const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, filters, input, { source: 'raw' });
    const walked = headingPaths.bits;
    const answer = await getBreakdown(fixture().withFacts, ALL_SCOPE, filters, input, {
      source: 'memory',
    });
    expect(answer).toEqual(raw);
    expect(headingPaths.bits).toBeGreaterThan(walked);
    const auto = await getBreakdown(fixture().withFacts, ALL_SCOPE, filters, input);
    expect(auto).toEqual(raw);
  });
});
