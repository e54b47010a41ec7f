import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { headingPaths } from '../../server/engine/memory/heading-pass.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { type DatasetSpec, type UnitSpec } from '../helpers/builders.ts';
import { testDialects } from '../helpers/db.ts';
import { useFactsDb } from '../helpers/facts-db.ts';

// A grant read by category under a filter of one heading of a category with several: the class
// cells (heading-class-cells.ts) hold distinct units per category, over all of its headings, so
// the group's units must come from the one heading's cells. Here FIN-02's units are U2 and U3;
// U1 has a FIN grant under FIN-01 alone.

const unit = (code: string, sector: string, headings: string[]): UnitSpec => ({
  code,
  province: 'IR-10',
  sector,
  employment: { 1401: 5, 1402: 60 },
  grants: headings.map((heading) => ({ heading, year: 1402, month: 3, amount: 100 })),
});

const SPEC: DatasetSpec = {
  units: [
    unit('U1', 'METL', ['FIN-01']),
    unit('U2', 'METL', ['FIN-02']),
    unit('U3', 'CHEM', ['FIN-01', 'FIN-02']),
    unit('U4', 'CHEM', ['MKT-01']),
  ],
};

describe.each(testDialects())('by category under one heading on %s', (dialect) => {
  const fixture = useFactsDb(dialect, SPEC);

  const cases: [string, Partial<Filters>][] = [
    ['no other filter', {}],
    ['a size', { size: ['medium'] }],
    ['a sector', { sector: ['CHEM'] }],
  ];
  it.each(cases)('counts that heading’s units alone (%s)', async (_, more) => {
    const filters: Filters = { ...EMPTY_FILTERS, heading: ['FIN-02'], ...more };
    const input = { by: 'category' as const, metrics: ['supportedUnits' as const] };
    const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, filters, input, { source: 'raw' });
    const classCells = headingPaths.classCells;
    for (const source of ['memory', 'auto'] as const) {
      const answer = await getBreakdown(fixture().withFacts, ALL_SCOPE, filters, input, { source });
      expect(answer, source).toEqual(raw);
    }
    expect(headingPaths.classCells).toBeGreaterThan(classCells);
  });
});
