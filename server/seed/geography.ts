import { PROVINCES, SECTORS } from '../domain/reference.ts';
import { faNumber, parkName, PRODUCTS } from './names.ts';
import type { Rng } from './prng.ts';
import { WeightedPicker } from './prng.ts';
import type { ScaleConfig } from './scales.ts';
import type { Row } from './tables.ts';

/**
 * Units per province, 2019 (44,432 units): the six published extremes are kept in their exact
 * ratio; the other 25 provinces share the rest by population^0.85 times an industrial weight
 * (Markazi, Qazvin, Semnan, Yazd are industrial; Sistan and Baluchestan is not), which keeps
 * every one of them between the published top three and bottom three.
 */
const PUBLISHED_UNITS: Record<string, number> = {
  'IR-10': 6065,
  'IR-23': 5576,
  'IR-07': 3141,
  'IR-16': 259,
  'IR-28': 267,
  'IR-17': 318,
};
const PUBLISHED_TOTAL = 44_432;
const INDUSTRIAL_WEIGHT: Record<string, number> = {
  'IR-00': 1.5,
  'IR-26': 1.6,
  'IR-20': 1.6,
  'IR-21': 1.6,
  'IR-30': 1.2,
  'IR-25': 1.3,
  'IR-11': 0.45,
  'IR-09': 0.75,
  'IR-06': 0.8,
  'IR-19': 1.2,
  'IR-12': 0.7,
  'IR-05': 0.8,
  'IR-15': 0.7,
  'IR-14': 0.8,
  'IR-22': 0.8,
  'IR-18': 0.8,
  'IR-02': 0.9,
  'IR-01': 0.8,
};

/** Relative unit weight of each province, in PROVINCES order. */
export function provinceWeights(): number[] {
  const fixedSum = Object.values(PUBLISHED_UNITS).reduce((a, b) => a + b, 0);
  const raw = PROVINCES.map((p) =>
    p.code in PUBLISHED_UNITS ? 0 : p.population2016 ** 0.85 * (INDUSTRIAL_WEIGHT[p.code] ?? 1),
  );
  const rawSum = raw.reduce((a, b) => a + b, 0);
  return PROVINCES.map(
    (p, i) => PUBLISHED_UNITS[p.code] ?? ((raw[i] ?? 0) / rawSum) * (PUBLISHED_TOTAL - fixedSum),
  );
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), each ≥ min. */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const free = total - min * weights.length;
  const exact = weights.map((w) => (w / sum) * free);
  const parts = exact.map((x) => Math.floor(x) + min);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/**
 * The province (index into PROVINCES) of every unit, in unit order: exact quotas, shuffled, so
 * the published extremes hold at every scale without sampling noise. One byte per unit.
 */
export function provinceOfUnits(rng: Rng, units: number): Uint8Array {
  const quotas = apportion(units, provinceWeights());
  const out = new Uint8Array(units);
  let k = 0;
  for (const [p, q] of quotas.entries()) out.fill(p, k, (k += q));
  return rng.shuffle(out);
}

type ParkKind = 'park' | 'zone' | 'specialised' | 'technology';

/** ≈ 57% parks (incl. specialised and technology parks) / 43% zones, as in 2019 (561/412). */
const KIND_WEIGHTS: readonly [ParkKind, number][] = [
  ['park', 0.51],
  ['zone', 0.43],
  ['specialised', 0.04],
  ['technology', 0.02],
];
/** How many units a park of each kind attracts, relative to an ordinary park. */
const KIND_PULL: Record<ParkKind, number> = {
  park: 1,
  zone: 0.35,
  specialised: 0.6,
  technology: 0.3,
};

export interface Geography {
  parks: Row[];
  clusters: Row[];
  /** Per province index: picks a park id for a new unit. */
  parkOf: ((rng: Rng) => number)[];
  /** Per province index × sector index: cluster ids there. */
  clustersOf: number[][][];
  /** Park kind by park id (technology-park units are eligible for TEC-02). */
  parkKind: Map<number, ParkKind>;
}

/** Parks, zones and clusters for a scale, with the lookups the unit generator needs. */
export function generateGeography(rng: Rng, scale: ScaleConfig): Geography {
  const weights = provinceWeights();
  const parkCounts = apportion(
    scale.parks,
    weights.map((w) => w ** 0.6),
    Math.min(3, Math.floor(scale.parks / PROVINCES.length)),
  );
  const kindPicker = new WeightedPicker(KIND_WEIGHTS.map(([, w]) => w));
  const sectorPicker = new WeightedPicker(SECTORS.map((s) => s.share2019));
  const parks: Row[] = [];
  const parkKind = new Map<number, ParkKind>();
  const parkOf: ((rng: Rng) => number)[] = [];

  for (const [pi, province] of PROVINCES.entries()) {
    const pp = province.code.slice(3);
    const ids: number[] = [];
    const pull: number[] = [];
    const ordinals = new Map<ParkKind, number>();
    for (let n = 0; n < (parkCounts[pi] ?? 0); n++) {
      // The first park of a province is always an active ordinary park, so every unit has one.
      const kind = n === 0 ? 'park' : (KIND_WEIGHTS[kindPicker.index(rng)]?.[0] ?? 'park');
      const roll = rng.float();
      const status = n === 0 || roll < 0.875 ? 'active' : roll < 0.955 ? 'developing' : 'inactive';
      const ordinal = (ordinals.get(kind) ?? 0) + 1;
      ordinals.set(kind, ordinal);
      const sectorCode = SECTORS[sectorPicker.index(rng)]?.code ?? 'METL';
      const name = parkName(rng, {
        kind,
        provinceFa: province.nameFa,
        provinceEn: province.nameEn,
        ordinal,
        sectorCode,
      });
      const established = status === 'developing' ? rng.int(1396, 1402) : rng.int(1350, 1398);
      const id = parks.length + 1;
      parks.push([
        id,
        `PK-${pp}-${String(n + 1).padStart(3, '0')}`,
        pi + 1,
        kind,
        status,
        established,
        name.fa,
        name.en,
      ]);
      parkKind.set(id, kind);
      ids.push(id);
      // Log-normal pull: a few big parks hold many units, many zones hold a handful.
      const statusPull = status === 'active' ? 1 : status === 'developing' ? 0.15 : 0;
      pull.push(KIND_PULL[kind] * statusPull * Math.exp(0.8 * rng.normal()));
    }
    const picker = new WeightedPicker(pull);
    parkOf.push((r) => ids[picker.index(r)] ?? 0);
  }

  const clusters: Row[] = [];
  const clustersOf: number[][][] = PROVINCES.map(() => SECTORS.map(() => []));
  const cellWeights: number[] = [];
  for (const w of weights) for (const s of SECTORS) cellWeights.push(w * s.share2019);
  const cellPicker = new WeightedPicker(cellWeights);
  const perProvince = new Array<number>(PROVINCES.length).fill(0);
  for (let n = 0; n < scale.clusters; n++) {
    const cell = cellPicker.index(rng);
    const pi = Math.floor(cell / SECTORS.length);
    const si = cell % SECTORS.length;
    const province = PROVINCES[pi];
    const sector = SECTORS[si];
    if (!province || !sector) throw new Error('cluster cell out of range');
    const [productFa, productEn] = rng.pick(PRODUCTS[sector.code] ?? []);
    perProvince[pi] = (perProvince[pi] ?? 0) + 1;
    const ordinal = perProvince[pi] ?? 1;
    const identified = rng.int(1382, 1402);
    const roll = rng.float();
    const stage = roll < 0.6 ? 'identified' : roll < 0.8 ? 'developing' : 'completed';
    const completed = stage === 'completed' ? Math.min(1403, identified + rng.int(3, 6)) : null;
    const id = clusters.length + 1;
    clusters.push([
      id,
      `CL-${province.code.slice(3)}-${String(ordinal).padStart(3, '0')}`,
      pi + 1,
      si + 1,
      `خوشه ${productFa} ${province.nameFa}${ordinal > 1 ? ` ${faNumber(ordinal)}` : ''}`,
      `${province.nameEn} ${productEn} cluster${ordinal > 1 ? ` ${ordinal}` : ''}`,
      productFa,
      productEn,
      stage,
      identified,
      completed,
    ]);
    clustersOf[pi]?.[si]?.push(id);
  }
  return { parks, clusters, parkOf, clustersOf, parkKind };
}
