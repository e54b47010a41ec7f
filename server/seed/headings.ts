import { HEADINGS } from '../domain/reference.ts';

/**
 * How often each support category is used: finance and training (ENT) dominate, as in ISIPO's
 * reports; infrastructure is mostly park-level and rarely shows up per unit.
 */
const CATEGORY_WEIGHT: Record<string, number> = {
  FIN: 0.34,
  ENT: 0.26,
  MKT: 0.12,
  TEC: 0.12,
  REN: 0.1,
  INF: 0.06,
};

/** Who may receive a heading. Ineligible draws are redrawn, so these shape the mix. */
export type Eligibility =
  'any' | 'exporter' | 'cluster' | 'revival' | 'startup' | 'park' | 'technology';

const ELIGIBILITY: Record<string, Eligibility> = {
  'FIN-04': 'revival',
  'FIN-08': 'exporter',
  'FIN-17': 'startup',
  'FIN-18': 'cluster',
  'MKT-02': 'exporter',
  'MKT-03': 'exporter',
  'MKT-05': 'exporter',
  'MKT-09': 'exporter',
  'MKT-13': 'exporter',
  'MKT-16': 'exporter',
  'MKT-14': 'cluster',
  'TEC-01': 'cluster',
  'TEC-02': 'technology',
  'ENT-09': 'cluster',
};

/**
 * Amount scale per instrument: median rials (1403 prices) and log-normal sigma, with hard bounds.
 * Loans 1e9–5e10, training 1e7–1e8, and so on.
 */
const AMOUNT: Record<string, { median: number; sigma: number; min: number; max: number }> = {
  loan: { median: 6e9, sigma: 0.8, min: 1e9, max: 5e10 },
  guarantee: { median: 5e9, sigma: 0.7, min: 1e9, max: 3e10 },
  equity: { median: 1e10, sigma: 0.6, min: 2e9, max: 5e10 },
  interest_subsidy: { median: 8e8, sigma: 0.6, min: 1e8, max: 5e9 },
  relief: { median: 1.5e9, sigma: 0.7, min: 2e8, max: 1e10 },
  grant: { median: 4e8, sigma: 0.7, min: 5e7, max: 3e9 },
  in_kind: { median: 1.2e9, sigma: 0.8, min: 1e8, max: 1e10 },
  service: { median: 8e7, sigma: 0.6, min: 1e7, max: 5e8 },
  training: { median: 3e7, sigma: 0.5, min: 1e7, max: 1e8 },
};

export interface HeadingPlan {
  /** 1-based id, as loaded by loadReferenceData. */
  id: number;
  code: string;
  instrument: string;
  eligibility: Eligibility;
  weight: number;
  amount: { median: number; sigma: number; min: number; max: number };
  /** Mean days from application to disbursement. */
  leadDays: number;
}

/** Sampling plan for every heading: within a category, earlier (sourced) headings are commoner. */
export function headingPlans(): HeadingPlan[] {
  const rankInCategory = new Map<string, number>();
  const ranks = HEADINGS.map((h) => {
    const rank = rankInCategory.get(h.category) ?? 0;
    rankInCategory.set(h.category, rank + 1);
    return rank;
  });
  // Normalise per category so a category's total weight does not depend on its heading count.
  const categorySum = new Map<string, number>();
  for (const [i, h] of HEADINGS.entries()) {
    categorySum.set(h.category, (categorySum.get(h.category) ?? 0) + rankWeight(ranks[i] ?? 0));
  }
  return HEADINGS.map((h, i) => {
    const rank = ranks[i] ?? 0;
    const amount = AMOUNT[h.instrument] ?? AMOUNT.grant;
    if (!amount) throw new Error(`no amount scale for ${h.instrument}`);
    const slow =
      h.instrument === 'loan' || h.instrument === 'guarantee' || h.instrument === 'equity';
    return {
      id: i + 1,
      code: h.code,
      instrument: h.instrument,
      eligibility: ELIGIBILITY[h.code] ?? (h.category === 'INF' ? 'park' : 'any'),
      weight:
        ((CATEGORY_WEIGHT[h.category] ?? 0.05) * rankWeight(rank)) /
        (categorySum.get(h.category) ?? 1),
      amount,
      leadDays: slow ? 120 : 45,
    };
  });
}

function rankWeight(rank: number): number {
  return 1 / (rank + 1) ** 0.7;
}
