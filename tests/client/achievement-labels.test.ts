import { describe, expect, it } from 'vitest';
import { withAchievement } from '../../client/features/plan/achievement-labels.ts';
import { createFormatter } from '../../server/domain/format.ts';

const rows = [
  { key: 'IR-25', label: 'قم', amount: 3 },
  { key: 'IR-10', label: 'اصفهان', amount: 2 },
  { key: 'IR-23', label: 'تهران', amount: 1 },
  { key: '__others', label: 'سایر', amount: 1 },
];
const plan = [
  { key: 'IR-25', achievement: 1.2 },
  { key: 'IR-10', achievement: 0.9 },
  { key: 'IR-23', achievement: null },
];

describe('a slide names each member’s achievement (issue #18)', () => {
  it('in Persian and English; no target, no others: the name as it is', () => {
    const fa = createFormatter({ lang: 'fa', digits: 'persian' });
    expect(withAchievement(rows, plan, 'fa', fa).map((r) => r.label)).toEqual([
      'قم (تحقق ۱۲۰٪)',
      'اصفهان (تحقق ۹۰٪)',
      'تهران',
      'سایر',
    ]);
    const en = createFormatter({ lang: 'en', digits: 'latin' });
    const english = rows.map((r, i) => ({
      ...r,
      label: ['Qom', 'Isfahan', 'Tehran', 'Others'][i] ?? '',
    }));
    expect(withAchievement(english, plan, 'en', en)).toEqual([
      { key: 'IR-25', label: 'Qom (120% of target)', amount: 3 },
      { key: 'IR-10', label: 'Isfahan (90% of target)', amount: 2 },
      { key: 'IR-23', label: 'Tehran', amount: 1 },
      { key: '__others', label: 'Others', amount: 1 },
    ]);
  });
});
