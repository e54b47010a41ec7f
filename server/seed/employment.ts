import type { Rng } from './prng.ts';
import { FIRST_YEAR } from './scales.ts';

/**
 * Employees in the unit's last operating year, by size class (DESIGN §4: micro < 10, small 10–49,
 * medium 50–150). The calibration asks for ≈ 80/16/4 and a mean of ≈ 20, which cannot both hold
 * with the 150 ceiling (even 9/49/150 at 80/16/4 gives only 21). We trade a little of the mix for
 * the mean: 76.5/15/8.5 with each class skewed towards its upper bound (micro mean ≈ 6.8, small
 * ≈ 36, medium ≈ 109), giving a mean of ≈ 20 and a mix within 5 points of the target.
 */
export function drawAnchorEmployees(rng: Rng): number {
  const roll = rng.float();
  if (roll < 0.765) {
    // P(k) ∝ k^1.5 for k = 1..9
    return MICRO_PICK[Math.floor(rng.float() * MICRO_PICK.length)] ?? 1;
  }
  if (roll < 0.915) return 10 + Math.floor(40 * Math.sqrt(rng.float()));
  return 50 + Math.floor(101 * rng.float() ** 0.7);
}

const MICRO_PICK: readonly number[] = (() => {
  const out: number[] = [];
  for (let k = 1; k <= 9; k++) for (let n = 0; n < Math.round(k ** 1.5 * 10); n++) out.push(k);
  return out;
})();

export interface TrajectoryInput {
  /** Bit y − FIRST_YEAR set when the unit has an employment row in year y. */
  operating: number;
  anchorYear: number;
  anchorEmployees: number;
  firstYear: number;
  /** Licence year (a unit licensed within the range starts smaller). */
  licenceYear: number;
  /** Bit y − FIRST_YEAR set when the unit received a disbursed grant in year y. */
  supported: number;
}

/**
 * Employees per operating year, walked backwards from the anchor year so the last year's
 * distribution is exactly the calibrated one. Growth from y to y+1 is a random walk with a
 * 3% drift, plus 7 points when the unit received support in y (what the impact analysis finds).
 * Returns [year, employees] pairs in ascending year order.
 */
export function trajectory(rng: Rng, t: TrajectoryInput): [number, number][] {
  const out: [number, number][] = [];
  const unitTrend = 0.02 * rng.normal();
  let x = t.anchorEmployees;
  for (let year = t.anchorYear; year >= t.firstYear; year--) {
    if (year < t.anchorYear) {
      const boost = (t.supported >> (year - FIRST_YEAR)) & 1 ? 0.07 : 0;
      x /= Math.exp(0.03 + unitTrend + boost + 0.1 * rng.normal());
    }
    if ((t.operating >> (year - FIRST_YEAR)) & 1) {
      const start = year === t.licenceYear ? 0.6 : 1;
      out.push([year, Math.min(150, Math.max(1, Math.round(x * start)))]);
    }
  }
  return out.reverse();
}
