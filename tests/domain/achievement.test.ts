import { describe, expect, it } from 'vitest';
import { expectedPace, yearElapsed } from '../../server/domain/achievement.ts';
import { jalaliDayOfYear, jalaliYearLength } from '../../server/domain/jalali.ts';
import { achievementOf } from '../../server/domain/achievement-ratio.ts';

describe('plan pace and achievement', () => {
  it('counts the days of the Jalali year', () => {
    expect(jalaliDayOfYear({ year: 1403, month: 1, day: 1 })).toBe(1);
    expect(jalaliDayOfYear({ year: 1403, month: 6, day: 31 })).toBe(186);
    expect(jalaliDayOfYear({ year: 1403, month: 7, day: 1 })).toBe(187);
    expect(jalaliDayOfYear({ year: 1403, month: 12, day: 30 })).toBe(366);
    expect(jalaliYearLength(1403)).toBe(366);
    expect(jalaliYearLength(1402)).toBe(365);
  });

  it('expects the elapsed share of the current year, all of past years, none of future ones', () => {
    const today = { year: 1403, month: 12, day: 30 };
    expect(yearElapsed(1403, today)).toBe(1);
    expect(yearElapsed(1402, { year: 1403, month: 1, day: 1 })).toBe(1);
    expect(yearElapsed(1404, today)).toBe(0);
    // 1402 complete (target 300) + 1403 at day 183 of 366 (target 100): (300 + 50) / 400
    const pace = expectedPace(
      new Map([
        [1402, 300n],
        [1403, 100n],
      ]),
      { year: 1403, month: 6, day: 28 },
    );
    expect(pace).toBeCloseTo(350 / 400, 12);
  });

  it('divides money exactly beyond 2^53, and has no achievement without a target', () => {
    expect(achievementOf('18014398509481985', '18014398509481984')).toBe(1);
    expect(achievementOf('27021597764222976', '18014398509481984')).toBe(1.5);
    expect(achievementOf(3, '4')).toBe(0.75);
    expect(achievementOf(3, null)).toBeNull();
    expect(achievementOf(3, '0')).toBeNull();
  });
});
