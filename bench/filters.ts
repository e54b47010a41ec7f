import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import { SIZE_CLASSES } from '../server/domain/size.ts';
import { Rng } from '../server/seed/prng.ts';
import type { DataYears } from '../server/domain/period.ts';

/** What the generator draws members from: the dataset's own dimensions (meta.dimensions). */
export interface FilterUniverse {
  provinces: readonly string[];
  sectors: readonly string[];
  categories: readonly string[];
  /** Heading codes with their category code. */
  headings: readonly { code: string; category: string }[];
  /** Park and cluster codes with their province code. */
  parks: readonly { code: string; province: string }[];
  clusters: readonly { code: string; province: string }[];
  years: DataYears;
}

function pickSome<T>(rng: Rng, xs: readonly T[], max: number): T[] {
  const pool = [...xs];
  const n = Math.min(pool.length, rng.int(1, max));
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const j = rng.int(0, pool.length - 1);
    out.push(pool[j] as T);
    pool.splice(j, 1);
  }
  return out;
}

/**
 * Realistic dashboard filters: about a third have none, most have one or two lists, a few have
 * many (a province drill-down with parks, a heading, a size class); half set a year range.
 * Parks and clusters are taken from the chosen provinces, as the filter bar offers them.
 */
export function randomFilters(rng: Rng, u: FilterUniverse): Filters {
  const f: Filters = { ...EMPTY_FILTERS };
  const roll = rng.float();
  const lists = roll < 0.3 ? 0 : roll < 0.7 ? 1 : roll < 0.9 ? 2 : rng.int(3, 5);
  const keys = pickSome(rng, ['province', 'sector', 'size', 'category', 'heading', 'park'], 6);
  for (const key of keys.slice(0, lists)) {
    switch (key) {
      case 'province':
        f.province = pickSome(rng, u.provinces, 3);
        break;
      case 'sector':
        f.sector = pickSome(rng, u.sectors, 2);
        break;
      case 'size':
        f.size = pickSome(rng, SIZE_CLASSES, 2);
        break;
      case 'category':
        f.category = pickSome(rng, u.categories, 2);
        break;
      case 'heading': {
        const within =
          f.category.length > 0
            ? u.headings.filter((h) => f.category.includes(h.category))
            : u.headings;
        f.heading = pickSome(rng, within, 3).map((h) => h.code);
        break;
      }
      case 'park': {
        // A park or a cluster, inside a province (chosen here when none was).
        if (f.province.length === 0) f.province = pickSome(rng, u.provinces, 1);
        const useParks = rng.chance(0.5);
        const members = (useParks ? u.parks : u.clusters).filter((m) =>
          f.province.includes(m.province),
        );
        if (members.length === 0) break;
        const codes = pickSome(rng, members, 3).map((m) => m.code);
        if (useParks) f.park = codes;
        else f.cluster = codes;
        break;
      }
    }
  }
  if (rng.chance(0.5)) {
    const span = u.years.max - u.years.min;
    const from = rng.int(u.years.min, u.years.max);
    const to = Math.min(u.years.max, from + rng.int(0, Math.max(0, span)));
    f.from = from;
    f.to = to;
  }
  return f;
}

/** `count` filter sets from one seed: the same seed and universe always give the same list. */
export function filterSets(seed: number, universe: FilterUniverse, count: number): Filters[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => randomFilters(rng, universe));
}

/** The codes and years a dataset's filters may name, from its own dimensions. */
export async function universeOf(db: Kysely<Database>): Promise<FilterUniverse> {
  const d = await getDimensions(db, ALL_SCOPE);
  return {
    provinces: d.provinces.map((p) => p.code),
    sectors: d.sectors.map((s) => s.code),
    categories: d.categories.map((c) => c.code),
    headings: d.headings.map((h) => ({ code: h.code, category: h.category })),
    parks: d.parks.map((p) => ({ code: p.code, province: p.province })),
    clusters: d.clusters.map((c) => ({ code: c.code, province: c.province })),
    years: d.years,
  };
}
