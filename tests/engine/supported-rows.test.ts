import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import type { Metric } from '../../server/domain/metrics.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import type { DatasetSpec } from '../helpers/builders.ts';
import { testDialects } from '../helpers/db.ts';
import { useFactsDb } from '../helpers/facts-db.ts';

// A breakdown's groups are those with units in `to` or grants in the span, whatever metrics it
// asks. IR-23's one unit has a grant in 1401 but no employment row in 1402: a group with grants
// and no supported unit counted in `to`, which a supported rollup (ru_supported*) does not hold.
const SPEC: DatasetSpec = {
  units: [
    {
      code: 'U1',
      province: 'IR-10',
      sector: 'METL',
      employment: { 1401: 5, 1402: 6 },
      grants: [{ heading: 'FIN-01', year: 1402, month: 1, amount: 10 }],
    },
    {
      code: 'U2',
      province: 'IR-23',
      sector: 'METL',
      employment: { 1401: 5 },
      grants: [{ heading: 'FIN-01', year: 1401, month: 1, amount: 10 }],
    },
  ],
};

describe.each(testDialects())('supported rows on %s', (dialect) => {
  const fixture = useFactsDb(dialect, SPEC);
  it('has a row for every group with grants, whichever metrics are asked', async () => {
    // Before the planner read the grants beside a supported rollup, IR-23 had no row here unless
    // grants or amount were asked too.
    const filters: Filters = { ...EMPTY_FILTERS, from: 1401, to: 1402 };
    for (const metrics of [['supportedUnits'], ['coverage'], ['units', 'supportedUnits']]) {
      const input = {
        by: 'province' as const,
        metrics: metrics as Metric[],
        sort: 'units' as const,
      };
      const raw = await getBreakdown(fixture().t.db, ALL_SCOPE, filters, input, { source: 'raw' });
      expect(raw.rows.map((r) => r.key)).toEqual(['IR-10', 'IR-23']);
      for (const [name, db] of [
        ['rollups', fixture().t.db],
        ['memory+rollups', fixture().withFacts],
      ] as const) {
        expect(await getBreakdown(db, ALL_SCOPE, filters, input), name).toEqual(raw);
      }
    }
  });
});
