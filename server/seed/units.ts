import { SECTORS } from '../domain/reference.ts';
import { sizeClassOf } from '../domain/size.ts';
import type { Calendar } from './calendar.ts';
import { drawAnchorEmployees, trajectory } from './employment.ts';
import type { Geography } from './geography.ts';
import { GrantMaker } from './grants.ts';
import type { HeadingPlan } from './headings.ts';
import { unitName } from './names.ts';
import { Rng, WeightedPicker } from './prng.ts';
import { FIRST_YEAR, LAST_YEAR, type ScaleConfig } from './scales.ts';
import type { Row } from './tables.ts';

/** Rows of one batch of consecutive units, with their employment and grants. */
export interface UnitBatch {
  units: Row[];
  employment: Row[];
  grants: Row[];
}

/**
 * Status mix of all unit rows: 4% closed; of the rest 80% operate in the last year (active or
 * revived) and 20% are idle. Revived units (idle for one to three years, then back) are ≈ 1,400 a
 * year at `national`, near the reported ≈ 2,000.
 */
const P_CLOSED = 0.04;
const P_IDLE = 0.2 * (1 - P_CLOSED);
const P_REVIVED = 0.15;
/** New licences per year as a share of unit rows: 2,800 / 66,400 at `national`. */
const NEW_PER_YEAR = 2800 / 66_400;
/** Share of units in a (province, sector) that has clusters who join one. */
const P_CLUSTER_MEMBER = 0.3;
/** Exporter probability by size class (≈ 3% of active units overall). */
const P_EXPORTER = { micro: 0.012, small: 0.07, medium: 0.16 } as const;

/**
 * Streams units in batches. Each unit draws from its own generator seeded by (seed, unit index),
 * so a unit's rows do not depend on batch size; grant ids are sequential in unit order.
 */
export function* generateUnits(
  seed: number,
  scale: ScaleConfig,
  geo: Geography,
  provinceOf: Uint8Array,
  plans: readonly HeadingPlan[],
  calendar: Calendar,
  batchSize = 2000,
): Generator<UnitBatch, GrantMaker> {
  const grants = new GrantMaker(plans, calendar);
  const sectorPicker = new WeightedPicker(SECTORS.map((s) => s.share2019));
  let batch: UnitBatch = { units: [], employment: [], grants: [] };
  for (let i = 0; i < scale.units; i++) {
    const rng = new Rng(seed, 0x756e6974, i);
    const unit = {
      id: i + 1,
      provinceIndex: provinceOf[i] ?? 0,
      meanPerYear: scale.grantsPerUnitYear,
    };
    makeUnit(rng, unit, sectorPicker, geo, grants, batch);
    if (batch.units.length >= batchSize) {
      yield batch;
      batch = { units: [], employment: [], grants: [] };
    }
  }
  if (batch.units.length > 0) yield batch;
  return grants;
}

function makeUnit(
  rng: Rng,
  { id, provinceIndex, meanPerYear }: { id: number; provinceIndex: number; meanPerYear: number },
  sectorPicker: WeightedPicker,
  geo: Geography,
  grants: GrantMaker,
  out: UnitBatch,
): void {
  const sectorIndex = sectorPicker.index(rng);
  const sectorCode = SECTORS[sectorIndex]?.code ?? 'METL';

  const roll = rng.float();
  const status =
    roll < P_CLOSED
      ? 'closed'
      : roll < P_CLOSED + P_IDLE
        ? 'idle'
        : roll < P_CLOSED + P_IDLE + P_REVIVED
          ? 'revived'
          : 'active';
  const licence = licenceYear(rng, status === 'active');
  const first = Math.max(licence, FIRST_YEAR);
  const bit = (y: number): number => 1 << (y - FIRST_YEAR);
  const span = (from: number, to: number): number => {
    let bits = 0;
    for (let y = from; y <= to; y++) bits |= bit(y);
    return bits;
  };

  // Operating years, as a bit set (bit y − FIRST_YEAR).
  let operating = span(first, LAST_YEAR);
  let idleFrom = 0;
  let revivalYear = 0;
  if (status === 'idle' || status === 'closed') {
    idleFrom = rng.int(first + 1, LAST_YEAR);
    operating = span(first, idleFrom - 1);
  } else if (status === 'revived') {
    // Revival years spread evenly; the idle spell before it lasts one to three years.
    revivalYear = rng.int(first + 2, LAST_YEAR);
    const gapFrom = Math.max(first + 1, revivalYear - rng.int(1, 3));
    operating = span(first, gapFrom - 1) | span(revivalYear, LAST_YEAR);
  }
  const anchorYear = status === 'idle' || status === 'closed' ? idleFrom - 1 : LAST_YEAR;
  const anchorEmployees = drawAnchorEmployees(rng);

  const clusterIds = geo.clustersOf[provinceIndex]?.[sectorIndex] ?? [];
  const clusterId =
    clusterIds.length > 0 && rng.chance(P_CLUSTER_MEMBER) ? rng.pick(clusterIds) : null;
  // Some cluster members work outside any park (workshops in town), as clusters often do.
  const parkId =
    clusterId !== null && rng.chance(0.3) ? null : (geo.parkOf[provinceIndex]?.(rng) ?? null);
  const operatingNow = status === 'active' || status === 'revived';
  const exporter = rng.chance(P_EXPORTER[sizeClassOf(anchorEmployees)] * (operatingNow ? 1 : 0.3));

  // Grants first: support in year y speeds growth from y to y + 1 in the trajectory.
  const propensity = Math.exp(0.9 * rng.normal() - 0.405);
  const mean = meanPerYear * propensity * (0.7 + 0.3 * Math.min(2, anchorEmployees / 20));
  let supported = 0;
  const context = {
    exporter,
    cluster: clusterId !== null,
    park: parkId !== null,
    technology: parkId !== null && geo.parkKind.get(parkId) === 'technology',
    startup: false,
    employees: anchorEmployees,
  };
  for (let year = first; year <= LAST_YEAR; year++) {
    if (year === revivalYear) {
      const g = grants.make(rng, id, year, grants.revivalPlan, anchorEmployees, 'disbursed');
      out.grants.push(g.row);
      if (g.disbursedYear !== null) supported |= bit(g.disbursedYear);
    } else if (
      !(operating & bit(year)) &&
      status === 'idle' &&
      year >= idleFrom &&
      rng.chance(0.15)
    ) {
      out.grants.push(
        grants.make(rng, id, year, grants.revivalPlan, anchorEmployees, 'not-disbursed').row,
      );
    }
    if (!(operating & bit(year))) continue;
    context.startup = licence >= FIRST_YEAR - 1 && year <= licence + 1;
    const n = rng.poisson(mean);
    for (let k = 0; k < n; k++) {
      const plan = grants.pickHeading(rng, context);
      const g = grants.make(rng, id, year, plan, anchorEmployees);
      out.grants.push(g.row);
      if (g.disbursedYear !== null && g.disbursedYear <= LAST_YEAR)
        supported |= bit(g.disbursedYear);
    }
  }

  for (const [year, employees] of trajectory(rng, {
    operating,
    anchorYear,
    anchorEmployees,
    firstYear: first,
    licenceYear: licence,
    supported,
  })) {
    out.employment.push([id, year, employees]);
  }

  const provinceId = provinceIndex + 1;
  out.units.push([
    id,
    `U${String(id).padStart(7, '0')}`,
    unitName(rng, sectorCode),
    provinceId,
    parkId,
    clusterId,
    sectorIndex + 1,
    status,
    exporter ? 1 : 0,
    licence,
  ]);
}

/**
 * Licence year: ≈ 2,800 new units a year in FIRST_YEAR..LAST_YEAR at `national`; units that are
 * idle, closed or revived by LAST_YEAR were licensed by LAST_YEAR − 3, so the recent years' new
 * units all come from active units (their share is raised to keep the yearly count).
 */
function licenceYear(rng: Rng, active: boolean): number {
  const u = rng.float();
  const recent = active ? (3 * NEW_PER_YEAR) / (1 - P_CLOSED - P_IDLE - P_REVIVED) : 0;
  if (u < recent) return rng.int(LAST_YEAR - 2, LAST_YEAR);
  if (u < recent + 5 * NEW_PER_YEAR) return rng.int(FIRST_YEAR, LAST_YEAR - 3);
  // Older units: more of them licensed recently (parks filled up over the 2000s and 2010s).
  return FIRST_YEAR - 1 - Math.floor(36 * rng.float() ** 1.7);
}
