import { describe, expect, it } from 'vitest';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { warmCellReaders } from '../../server/queries/warm-cells.ts';
import { useFactsDb } from '../helpers/facts-db.ts';
import { testDialects } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

// A worker warms the code of the reads the planner sends to the unit cells before it counts its
// cells as built (query-worker.ts): the warming must reach those cells, or it warms other code.
describe.each(testDialects())('warming the cell readers on %s', (dialect) => {
  const get = useFactsDb(dialect, FIXTURE);

  it('reads every family of every read from the unit cells, every round', async () => {
    const plans: QueryPlan[] = [];
    const stop = observePlans((p) => plans.push(p));
    try {
      await warmCellReaders(get().withFacts, 2);
    } finally {
      stop();
    }
    expect(plans.map((p) => p.query)).toEqual(['summary', 'breakdown', 'summary', 'breakdown']);
    for (const read of plans.flatMap((p) => p.reads)) {
      expect(read.units === null || read.unitSideCells).toBe(true);
      expect(read.change === null || read.unitSideCells).toBe(true);
      expect(read.grants === null || read.dimCells).toBe(true);
      expect(read.supported === null || read.dimCells).toBe(true);
      expect(read.units ?? read.grants).toBe('memory');
    }
  });
});
