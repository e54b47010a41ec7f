/** Dataset sizes. `national` is calibrated to data/calibration-targets.json; the others scale it. */
export type ScaleName = 'small' | 'national' | 'large';
export const SCALE_NAMES: readonly ScaleName[] = ['small', 'national', 'large'];

export interface ScaleConfig {
  name: ScaleName;
  /** Rows in `units`, including idle and closed units (≈ 77% operate in the last year). */
  units: number;
  /** Parks and zones of every kind. */
  parks: number;
  clusters: number;
  /** Mean grant applications per operating unit-year (before the unit's own propensity). */
  grantsPerUnitYear: number;
}

/**
 * `national`: 51,000 operating units in 1403 = 80% of the non-closed units, 4% of units closed,
 * so 51,000 / 0.8 / 0.96 ≈ 66,400 unit rows. Parks and clusters scale with the square root of
 * the unit count at `large` (more units crowd into existing parks rather than multiply parks).
 */
export const SCALES: Record<ScaleName, ScaleConfig> = {
  small: { name: 'small', units: 2_600, parks: 80, clusters: 30, grantsPerUnitYear: 0.45 },
  national: {
    name: 'national',
    units: 66_400,
    parks: 1_000,
    clusters: 470,
    grantsPerUnitYear: 0.45,
  },
  large: {
    name: 'large',
    units: 1_000_000,
    parks: 3_900,
    clusters: 1_800,
    grantsPerUnitYear: 1.88,
  },
};

/** Jalali years covered by employment and grants. */
export const FIRST_YEAR = 1396;
export const LAST_YEAR = 1403;
