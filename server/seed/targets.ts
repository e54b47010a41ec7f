import { PLAN_METRICS, targetCode, type PlanMetric } from '../domain/plan.ts';
import { CATEGORIES, HEADINGS, PROVINCES } from '../domain/reference.ts';
import { Rng } from './prng.ts';
import { LAST_YEAR } from './scales.ts';
import type { Row } from './tables.ts';
import type { UnitBatch } from './units.ts';

/** Plan years of the synthetic dataset: the last three data years. */
export const TARGET_YEARS = [LAST_YEAR - 2, LAST_YEAR - 1, LAST_YEAR] as const;
/** The headings with the largest disbursed amount get a national target in the last year. */
const HEADINGS_WITH_TARGETS = 5;

const P = PROVINCES.length;
const H = HEADINGS.length;
const C = CATEGORIES.length;
const Y = TARGET_YEARS.length;
const CATEGORY_OF_HEADING = HEADINGS.map((h) => CATEGORIES.findIndex((c) => c.code === h.category));

/** Flat index helpers: [year][province][heading], [year][province], [year][category]. */
const yph = (y: number, p: number, h: number): number => (y * P + p) * H + h;
const yp = (y: number, p: number): number => y * P + p;
const yc = (y: number, c: number): number => y * C + c;

/**
 * Counts what the plan years' targets are drawn around while the units stream past: disbursed
 * grants and amounts per year, province and heading; distinct supported units per year and
 * province and per year and category; units and employment per year and province. The same
 * definitions as the metric catalogue, computed from the generated rows (the database is not
 * queried during a seed). Memory: a few hundred kB whatever the scale.
 */
export class TargetTally {
  private readonly grants = new Float64Array(Y * P * H);
  private readonly amount = new Float64Array(Y * P * H);
  private readonly supported = new Float64Array(Y * P);
  private readonly supportedByCategory = new Float64Array(Y * C);
  private readonly units = new Float64Array(Y * P);
  private readonly employment = new Float64Array(Y * P);

  /** A unit's grants and employment rows are in the same batch as the unit. */
  observe(batch: UnitBatch): void {
    const first = TARGET_YEARS[0];
    const provinceOf = new Map<number, number>();
    for (const u of batch.units) provinceOf.set(u[0] as number, (u[3] as number) - 1);
    // unit × year keys: operating that year (an employment row), supported that year (overall
    // and per category, each counted once)
    const key = (unit: number, y: number): number => (unit * Y + y) * 8;
    const operating = new Set<number>();
    for (const e of batch.employment) {
      const y = (e[1] as number) - first;
      if (y < 0 || y >= Y) continue;
      const unit = e[0] as number;
      const p = provinceOf.get(unit) ?? 0;
      operating.add(key(unit, y));
      this.units[yp(y, p)]! += 1;
      this.employment[yp(y, p)]! += e[2] as number;
    }
    const seen = new Set<number>();
    for (const g of batch.grants) {
      if (g[11] !== 'disbursed') continue;
      const y = (g[4] as number) - first;
      if (y < 0 || y >= Y) continue;
      const unit = g[2] as number;
      const p = provinceOf.get(unit);
      if (p === undefined) throw new Error(`grant of unit ${unit} outside its unit's batch`);
      const h = (g[3] as number) - 1;
      this.grants[yph(y, p, h)]! += 1;
      this.amount[yph(y, p, h)]! += g[10] as number;
      // supported units are among the units counted that year (server/domain/metrics.ts)
      const k = key(unit, y);
      if (!operating.has(k)) continue;
      const c = CATEGORY_OF_HEADING[h] ?? 0;
      if (!seen.has(k)) {
        seen.add(k);
        this.supported[yp(y, p)]! += 1;
      }
      if (!seen.has(k + 1 + c)) {
        seen.add(k + 1 + c);
        this.supportedByCategory[yc(y, c)]! += 1;
      }
    }
  }

  /**
   * The synthetic plan: for each plan year, every metric for the whole country and for each
   * province (all support), the support metrics per category for the whole country, and in the
   * last year the five largest headings. A target is the year's actual times a drawn ambition
   * (log-normal around +5% for flows, ±4% around +2% for stocks), rounded to three significant
   * figures (and to whole billion rials), as a plan would be written. Deterministic in `seed`.
   */
  rows(seed: number): Row[] {
    const rng = new Rng(seed, 0x74617267);
    const out: Row[] = [];
    const add = (
      year: number,
      province: number | null,
      category: number | null,
      heading: number | null,
      metric: PlanMetric,
      actual: number,
    ): void => {
      const flow = metric !== 'units' && metric !== 'employment';
      const ambition = flow ? Math.exp(0.05 + 0.12 * rng.normal()) : 1.02 + 0.04 * rng.normal();
      const value = planFigure(actual * ambition, metric === 'amount');
      const support =
        category !== null
          ? CATEGORIES[category]?.code
          : heading !== null
            ? HEADINGS[heading]?.code
            : null;
      out.push([
        out.length + 1,
        targetCode(
          year,
          province === null ? null : (PROVINCES[province]?.code ?? null),
          support ?? null,
          metric,
        ),
        year,
        province === null ? null : province + 1,
        category === null ? null : category + 1,
        heading === null ? null : heading + 1,
        metric,
        value,
      ]);
    };
    const sum = (values: Float64Array, from: number, count: number): number => {
      let s = 0;
      for (let i = from; i < from + count; i++) s += values[i] ?? 0;
      return s;
    };
    const provinceFlow = (values: Float64Array, y: number, p: number): number =>
      sum(values, yph(y, p, 0), H);
    const actualOf = (metric: PlanMetric, y: number, p: number | null): number => {
      const over = (f: (q: number) => number): number =>
        p === null ? PROVINCES.reduce((s, _, q) => s + f(q), 0) : f(p);
      switch (metric) {
        case 'amount':
          return over((q) => provinceFlow(this.amount, y, q));
        case 'grants':
          return over((q) => provinceFlow(this.grants, y, q));
        case 'supportedUnits':
          return over((q) => this.supported[yp(y, q)] ?? 0);
        case 'units':
          return over((q) => this.units[yp(y, q)] ?? 0);
        case 'employment':
          return over((q) => this.employment[yp(y, q)] ?? 0);
      }
    };
    const categoryFlow = (values: Float64Array, y: number, c: number): number => {
      let s = 0;
      for (let p = 0; p < P; p++)
        for (let h = 0; h < H; h++)
          if (CATEGORY_OF_HEADING[h] === c) s += values[yph(y, p, h)] ?? 0;
      return s;
    };
    const headingFlow = (values: Float64Array, y: number, h: number): number => {
      let s = 0;
      for (let p = 0; p < P; p++) s += values[yph(y, p, h)] ?? 0;
      return s;
    };

    for (const [y, year] of TARGET_YEARS.entries()) {
      for (const metric of PLAN_METRICS)
        add(year, null, null, null, metric, actualOf(metric, y, null));
      for (let p = 0; p < P; p++)
        for (const metric of PLAN_METRICS) add(year, p, null, null, metric, actualOf(metric, y, p));
      for (let c = 0; c < C; c++) {
        add(year, null, c, null, 'amount', categoryFlow(this.amount, y, c));
        add(year, null, c, null, 'grants', categoryFlow(this.grants, y, c));
        add(year, null, c, null, 'supportedUnits', this.supportedByCategory[yc(y, c)] ?? 0);
      }
    }
    const last = Y - 1;
    const largest = HEADINGS.map((_, h) => h)
      .sort(
        (a, b) => headingFlow(this.amount, last, b) - headingFlow(this.amount, last, a) || a - b,
      )
      .slice(0, HEADINGS_WITH_TARGETS)
      .sort((a, b) => a - b);
    for (const h of largest) {
      add(LAST_YEAR, null, null, h, 'amount', headingFlow(this.amount, last, h));
      add(LAST_YEAR, null, null, h, 'grants', headingFlow(this.grants, last, h));
    }
    return out;
  }
}

/** A planner's figure: three significant digits; money in whole billion rials (at least one). */
function planFigure(x: number, money: boolean): number {
  if (money) return Math.max(1, roundSignificant(x / 1e9)) * 1e9;
  return Math.max(1, roundSignificant(x));
}

function roundSignificant(x: number): number {
  if (x < 1000) return Math.round(x);
  const step = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Math.round(x / step) * step;
}
