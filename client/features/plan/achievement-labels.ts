import type { Formatter, Lang } from '../../lib/format.ts';
import { planText } from './plan-text.ts';

/**
 * A slide's rows with each member's achievement beside its name (issue #18: briefing slides
 * carry the plan): «قم (تحقق ۱۲۰٪)» / "Qom (120% of target)". `plan` is stats.plan's rows for
 * the slide's own filters, metric and dimension; a member without a target, and «سایر», keep
 * their names as they are.
 */
export function withAchievement<T extends { key: string; label: string }>(
  rows: readonly T[],
  plan: readonly { key: string; achievement: number | null }[],
  lang: Lang,
  fmt: Formatter,
): T[] {
  const achieved = new Map(plan.map((r) => [r.key, r.achievement]));
  return rows.map((r) => {
    const a = achieved.get(r.key);
    if (a === null || a === undefined) return r;
    return {
      ...r,
      label: planText(lang, 'slideRow', { name: r.label, achievement: fmt.percent(a) }),
    };
  });
}
