import fc from 'fast-check';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import type { Scope } from '../../server/domain/scope.ts';
import { SIZE_CLASSES } from '../../server/domain/size.ts';

/** Provinces of the random datasets (randomDataset's parks P0A…P3B and clusters C0…C3 lie in them). */
export const PROVINCES = ['IR-00', 'IR-01', 'IR-10', 'IR-23'];

/** A caller's scope: every province, or one or more of the random dataset's provinces. */
export const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({ provinces: 'all' }),
  fc.subarray(PROVINCES, { minLength: 1 }).map((provinces): Scope => ({ provinces })),
);

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { maxLength: Math.min(3, xs.length) });

/** Random filters over the random dataset's members (and a few it lacks). */
export const filtersArb: fc.Arbitrary<Filters> = fc
  .record({
    province: sub([...PROVINCES, 'IR-05']),
    park: sub(['P0A', 'P1B', 'P2A', 'P3B']),
    cluster: sub(['C0', 'C2']),
    sector: sub(['METL', 'CHEM', 'FOOD', 'TEXT']),
    size: sub(SIZE_CLASSES),
    category: sub(['FIN', 'MKT', 'TEC', 'REN']),
    heading: sub(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01', 'REN-01']),
    years: fc.option(
      fc.tuple(fc.integer({ min: 1397, max: 1403 }), fc.integer({ min: 0, max: 4 })),
      { nil: undefined },
    ),
    sparse: fc.integer({ min: 0, max: 127 }),
  })
  .map(({ years, sparse, ...lists }) => {
    // Most properties are interesting with few filters: drop each list with high probability.
    const f: Filters = { ...EMPTY_FILTERS };
    const keys = ['province', 'park', 'cluster', 'sector', 'size', 'category', 'heading'] as const;
    keys.forEach((k, i) => {
      if (sparse & (1 << i) && (i % 2 === 0 || sparse > 64)) (f[k] as string[]) = lists[k];
    });
    if (years) {
      f.from = years[0];
      f.to = years[0] + years[1];
    }
    return f;
  });
