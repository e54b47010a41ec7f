import type { Calendar } from './calendar.ts';
import type { HeadingPlan } from './headings.ts';
import type { Rng } from './prng.ts';
import { WeightedPicker } from './prng.ts';
import { LAST_YEAR } from './scales.ts';
import type { Row } from './tables.ts';

/** What a unit is eligible for in a given year. */
export interface GrantContext {
  exporter: boolean;
  cluster: boolean;
  park: boolean;
  technology: boolean;
  /** Within two years of licensing. */
  startup: boolean;
  /** Employees in the anchor year: bigger units ask for bigger amounts. */
  employees: number;
}

/** Draws headings under eligibility rules and builds grant rows with consistent dates and amounts. */
export class GrantMaker {
  private readonly general: WeightedPicker;
  private readonly byEligibility = new Map<string, HeadingPlan[]>();
  private readonly revival: HeadingPlan;
  private readonly fallback: HeadingPlan;
  private nextId = 1;
  /** Newest day index written (applied or disbursed), for `dataset_meta.as_of`. */
  newestDay = 0;

  constructor(
    private readonly plans: readonly HeadingPlan[],
    private readonly calendar: Calendar,
  ) {
    this.general = new WeightedPicker(plans.map((p) => p.weight));
    for (const p of plans) {
      const list = this.byEligibility.get(p.eligibility) ?? [];
      list.push(p);
      this.byEligibility.set(p.eligibility, list);
    }
    const find = (code: string): HeadingPlan => {
      const plan = plans.find((p) => p.code === code);
      if (!plan) throw new Error(`heading ${code} missing from the reference data`);
      return plan;
    };
    this.revival = find('FIN-04');
    this.fallback = find('FIN-01');
  }

  get count(): number {
    return this.nextId - 1;
  }

  /**
   * A heading for an operating unit: targeted programmes first (exporters, cluster members,
   * technology-park and new units get their own headings often), then the general mix with
   * ineligible draws redrawn. Export headings go to non-exporters only rarely.
   */
  pickHeading(rng: Rng, c: GrantContext): HeadingPlan {
    if (c.exporter && rng.chance(0.25)) return rng.pick(this.list('exporter'));
    if (c.cluster && rng.chance(0.15)) return rng.pick(this.list('cluster'));
    if (c.technology && rng.chance(0.2)) return rng.pick(this.list('technology'));
    if (c.startup && rng.chance(0.15)) return rng.pick(this.list('startup'));
    for (let tries = 0; tries < 10; tries++) {
      const plan = this.plans[this.general.index(rng)];
      if (plan && this.eligible(rng, plan, c)) return plan;
    }
    return this.fallback;
  }

  private eligible(rng: Rng, plan: HeadingPlan, c: GrantContext): boolean {
    switch (plan.eligibility) {
      case 'any':
        return true;
      case 'exporter':
        return c.exporter || rng.chance(0.01);
      case 'cluster':
        return c.cluster;
      case 'park':
        return c.park;
      case 'technology':
        return c.technology || rng.chance(0.1);
      case 'startup':
        return c.startup;
      case 'revival':
        return false;
    }
  }

  private list(e: string): HeadingPlan[] {
    return this.byEligibility.get(e) ?? [this.fallback];
  }

  /**
   * One grant row applied for in Jalali `year`. `outcome` forces a revival loan to be disbursed
   * (revived units) or to stay pending/rejected (idle units). Returns the row and, when it was
   * disbursed, the Jalali year of disbursement (else null).
   */
  make(
    rng: Rng,
    unitId: number,
    year: number,
    plan: HeadingPlan,
    employees: number,
    outcome: 'normal' | 'disbursed' | 'not-disbursed' = 'normal',
  ): { row: Row; disbursedYear: number | null } {
    const [start, end] = this.calendar.yearRange(year);
    const last = this.calendar.lastIndex;
    const applied = outcome === 'disbursed' ? rng.int(start, start + 90) : rng.int(start, end - 1);
    const lead = Math.max(7, Math.round(plan.leadDays * Math.exp(0.5 * rng.normal())));
    let status: 'applied' | 'approved' | 'rejected' | 'disbursed' | 'cancelled';
    const roll = rng.float();
    if (outcome === 'disbursed') status = 'disbursed';
    else if (outcome === 'not-disbursed') status = roll < 0.5 ? 'rejected' : 'applied';
    else if (roll < 0.13) status = 'rejected';
    else if (roll < 0.18) status = 'cancelled';
    else if (applied > last - 20) status = 'applied';
    else if (roll < 0.22 || applied + lead > last) status = 'approved';
    else status = 'disbursed';
    const disbursedDay = status === 'disbursed' ? Math.min(last, applied + lead) : null;

    const a = plan.amount;
    // Prices rise ≈ 25%/yr (scale quoted at 1403 prices); bigger units ask for more.
    const scale = a.median * 1.25 ** (year - LAST_YEAR) * (Math.max(1, employees) / 20) ** 0.25;
    const requested = roundMillion(clamp(scale * Math.exp(a.sigma * rng.normal()), a.min, a.max));
    const approvedValue = roundMillionDown(requested * (0.6 + 0.4 * rng.float()));
    const approved =
      status === 'applied' || status === 'rejected' || (status === 'cancelled' && rng.chance(0.5))
        ? null
        : approvedValue;
    const disbursed =
      status === 'disbursed' && approved !== null
        ? rng.chance(0.85)
          ? approved
          : roundMillionDown(approved * (0.7 + 0.3 * rng.float()))
        : null;

    const dated = this.calendar.day(disbursedDay ?? applied);
    const id = this.nextId++;
    this.newestDay = Math.max(this.newestDay, applied, disbursedDay ?? 0);
    return {
      row: [
        id,
        `G${String(id).padStart(9, '0')}`,
        unitId,
        plan.id,
        dated.year,
        dated.month,
        this.calendar.day(applied).iso,
        disbursedDay === null ? null : this.calendar.day(disbursedDay).iso,
        requested,
        approved,
        disbursed,
        status,
      ],
      disbursedYear: disbursedDay === null ? null : dated.year,
    };
  }

  get revivalPlan(): HeadingPlan {
    return this.revival;
  }
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/** Amounts are whole million rials (integers, as ledgers record them). */
function roundMillion(x: number): number {
  return Math.round(x / 1e6) * 1e6;
}

function roundMillionDown(x: number): number {
  return Math.floor(x / 1e6) * 1e6;
}
