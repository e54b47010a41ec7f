import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { filtersToParams, type Filters } from '../domain/filters.ts';
import type { JalaliDate } from '../domain/jalali.ts';
import {
  MIN_GRANTS_FOR_MOVERS,
  MIN_UNITS_FOR_RANKING,
  UNUSUAL_Z,
  type KeyFact,
  type KeyMessage,
  type KeyMessagesResult,
  type MessageLink,
  type Named,
} from '../domain/key-messages.ts';
import type { Period } from '../domain/period.ts';
import { achievementOf } from '../domain/achievement-ratio.ts';
import { PLAN_METRICS } from '../domain/plan.ts';
import type { Scope } from '../domain/scope.ts';
import { getViewTargets } from './achievement.ts';
import { getBreakdown, MAX_BREAKDOWN_LIMIT, type BreakdownRow } from './breakdown.ts';
import type { QueryOptions } from '../engine/planner/query-plan.ts';
import { getSummary } from './summary.ts';

/** The sample-size floors below which a ratio or a change says more about chance than the data. */
export interface KeyMessageRules {
  minUnits: number;
  minGrants: number;
}
const DEFAULT_RULES: KeyMessageRules = {
  minUnits: MIN_UNITS_FOR_RANKING,
  minGrants: MIN_GRANTS_FOR_MOVERS,
};

const inRange = (filters: Filters, p: Period): Filters => ({ ...filters, from: p.from, to: p.to });

/** A link to `path` showing `filters`, with the page's own parameters. */
function linkTo(path: string, filters: Filters, extra: Record<string, string> = {}): MessageLink {
  return { path, params: { ...Object.fromEntries(filtersToParams(filters)), ...extra } };
}

const named = (r: BreakdownRow): Named => ({ key: r.key, nameFa: r.nameFa, nameEn: r.nameEn });

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Robust z-scores (Iglewicz and Hoaglin): 0.6745 (x − median) / MAD, MAD the median absolute
 * deviation. Robust because one extreme province moves neither the median nor the MAD; null
 * when the MAD is zero (half the values equal: nothing stands out by this rule).
 */
export function robustZ(values: readonly number[]): { median: number; z: number[] } | null {
  const sorted = [...values].sort((a, b) => a - b);
  const m = median(sorted);
  const mad = median(sorted.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
  if (mad === 0) return null;
  return { median: m, z: values.map((v) => (0.6745 * (v - m)) / mad) };
}

/**
 * Three to five key messages for a view, computed from the same queries as its charts: the
 * headline change against the previous period, the largest movers up and down, leaders and
 * laggards by coverage (or the province's rank on a province page), unusual amounts per unit, and
 * plan achievement when the view has a target. Deterministic: the same data and URL always give
 * the same facts. When the view's period has no earlier period of its length (the whole range),
 * the changes compare its last year with the year before, and `comparedYear` says so.
 */
export async function getKeyMessages(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  today: JalaliDate,
  options: QueryOptions & { rules?: Partial<KeyMessageRules> } = {},
): Promise<KeyMessagesResult> {
  const rules = { ...DEFAULT_RULES, ...options.rules };
  const view = await getSummary(db, scope, filters, options);
  const period = view.range;
  const latest = view.previousRange
    ? view
    : await getSummary(db, scope, inRange(filters, { from: period.to, to: period.to }), options);
  const comparedYear = view.previousRange || !latest.previousRange ? null : period.to;
  const compareFilters = inRange(filters, latest.range);
  const onePlace = filters.province.length === 1 ? filters.province[0] : undefined;
  const messages: KeyMessage[] = [];
  const home = onePlace ? `/provinces/${onePlace}` : '/';

  // 1. The headline: the amount disbursed, against the previous period.
  const prevAmount = latest.previous ? BigInt(latest.previous.amount) : null;
  messages.push({
    fact: {
      kind: 'headline',
      period: latest.range,
      amount: latest.current.amount,
      grants: latest.current.grants,
      supportedUnits: latest.current.supportedUnits,
      previous:
        latest.previousRange && latest.previous && prevAmount !== null
          ? {
              period: latest.previousRange,
              amount: latest.previous.amount,
              change:
                prevAmount === 0n
                  ? null
                  : (achievementOf(latest.current.amount, prevAmount.toString()) ?? 1) - 1,
            }
          : null,
    },
    link: linkTo(home, compareFilters),
  });

  // Provinces the caller may see, the view's other filters kept (ranks need the others too).
  const allPlaces = { ...filters, province: [] };
  const [places, movers] = await Promise.all([
    getBreakdown(
      db,
      scope,
      allPlaces,
      {
        by: 'province',
        metrics: ['units', 'supportedUnits', 'coverage', 'amount'],
        limit: MAX_BREAKDOWN_LIMIT,
      },
      options,
    ),
    latest.previousRange
      ? moversFact(db, scope, filters, latest.range, latest.previousRange, rules.minGrants, options)
      : null,
  ]);
  const inView = (key: string) => filters.province.length === 0 || filters.province.includes(key);

  // 2. The largest movers, by relative change of the amount.
  if (movers) messages.push(movers);

  // 3. Leaders and laggards by coverage: a share of each province's own units, fair whatever
  // its size; a province page says where it stands instead.
  const ranked = places.rows
    .filter((r) => r.units >= rules.minUnits && r.coverage !== null)
    .sort((a, b) => (b.coverage ?? 0) - (a.coverage ?? 0) || a.key.localeCompare(b.key));
  const rankedInView = ranked.filter((r) => inView(r.key));
  const coverageLink = linkTo('/provinces', inRange(filters, period), { metric: 'coverage' });
  if (onePlace) {
    const row = ranked.find((r) => r.key === onePlace);
    // Ties share a rank (1 + the provinces strictly ahead): "third" never hides an equal second.
    const rank = row ? ranked.filter((r) => (r.coverage ?? 0) > (row.coverage ?? 0)).length : 0;
    if (row && ranked.length >= 2)
      messages.push({
        fact: {
          kind: 'rank',
          period,
          place: { ...named(row), coverage: row.coverage ?? 0 },
          rank: rank + 1,
          ranked: ranked.length,
        },
        link: linkTo('/provinces', inRange(allPlaces, period), { metric: 'coverage' }),
      });
  } else if (rankedInView.length >= 2) {
    const leader = rankedInView[0];
    const laggard = rankedInView[rankedInView.length - 1];
    if (leader && laggard)
      messages.push({
        fact: {
          kind: 'leaders',
          period,
          leader: { ...named(leader), coverage: leader.coverage ?? 0 },
          laggard: { ...named(laggard), coverage: laggard.coverage ?? 0 },
          ranked: rankedInView.length,
        },
        link: coverageLink,
      });
  }

  // 4. Unusual amounts per counted unit among the provinces, by the robust z-score.
  const perUnit = places.rows
    .filter((r) => r.units > 0)
    .map((r) => ({ row: r, value: Number(BigInt(r.amount)) / r.units }));
  const scored = perUnit.length >= 5 ? robustZ(perUnit.map((p) => p.value)) : null;
  if (scored) {
    const unusual = perUnit
      .map((p, i) => ({ ...p, z: scored.z[i] ?? 0 }))
      .filter((p) => inView(p.row.key) && Math.abs(p.z) > UNUSUAL_Z)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.row.key.localeCompare(b.row.key))[0];
    if (unusual || !onePlace)
      messages.push({
        fact: {
          kind: 'unusual',
          period,
          compared: perUnit.length,
          median: scored.median,
          place: unusual ? { ...named(unusual.row), perUnit: unusual.value, z: unusual.z } : null,
        },
        link: linkTo('/provinces', inRange(allPlaces, period), { metric: 'amount' }),
      });
  }

  // 5. Plan achievement, for the first plan metric the view has a target for.
  const { targets } = await getViewTargets(db, scope, filters, today);
  const planned = PLAN_METRICS.map((m) => targets[m]).find((t) => t.target !== null);
  if (planned?.target) {
    const actual = view.current[planned.metric];
    const achievement = achievementOf(actual, planned.target);
    if (achievement !== null)
      messages.push({
        fact: {
          kind: 'plan',
          // Units and employment are counted in `to`: their target is that year's.
          period:
            planned.metric === 'units' || planned.metric === 'employment'
              ? { from: period.to, to: period.to }
              : period,
          metric: planned.metric,
          actual,
          target: planned.target,
          achievement,
          pace: planned.current ? planned.pace : null,
        },
        link: linkTo('/plan', inRange(filters, period), { metric: planned.metric }),
      });
  }
  return { period, comparedYear, messages };
}

/**
 * The provinces (or, within one province, the categories) whose amount rose and fell the most,
 * relative to the earlier period, among those with at least `minGrants` grants then.
 */
async function moversFact(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  current: Period,
  previous: Period,
  minGrants: number,
  options: QueryOptions,
): Promise<KeyMessage | null> {
  const dimension = filters.province.length === 1 ? 'category' : 'province';
  const ask = (p: Period) =>
    getBreakdown(
      db,
      scope,
      inRange(filters, p),
      { by: dimension, metrics: ['grants', 'amount'], limit: MAX_BREAKDOWN_LIMIT },
      options,
    );
  const [now, before] = await Promise.all([ask(current), ask(previous)]);
  const then = new Map(before.rows.map((r) => [r.key, r]));
  const changes = now.rows.flatMap((r) => {
    const b = then.get(r.key);
    if (!b || b.grants < minGrants) return [];
    const ratio = achievementOf(r.amount, b.amount);
    return ratio === null ? [] : [{ ...named(r), change: ratio - 1 }];
  });
  if (changes.length < 2) return null;
  changes.sort((a, b) => b.change - a.change || a.key.localeCompare(b.key));
  const first = changes[0];
  const last = changes[changes.length - 1];
  const up = first && first.change > 0 ? first : null;
  const down = last && last.change < 0 ? last : null;
  if (!up && !down) return null;
  const fact: KeyFact = {
    kind: 'movers',
    dimension,
    period: current,
    previousPeriod: previous,
    up,
    down,
  };
  return {
    fact,
    link: linkTo(
      dimension === 'province' ? '/provinces' : `/provinces/${filters.province[0] ?? ''}`,
      inRange(filters, current),
      { metric: 'amount' },
    ),
  };
}
