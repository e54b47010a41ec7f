// One definition of achievement, in a module of its own so the KPI cards take only this.

/**
 * actual ÷ target; null without a target or for a zero target. Money divides as bigint first
 * (to four decimals of a percent), so values beyond 2^53 keep their digits.
 */
export function achievementOf(
  actual: number | string | null,
  target: string | null,
): number | null {
  if (target === null || actual === null) return null;
  const t = BigInt(target);
  if (t === 0n) return null;
  if (typeof actual === 'string') return Number((BigInt(actual) * 1_000_000n) / t) / 1_000_000;
  return actual / Number(t);
}
