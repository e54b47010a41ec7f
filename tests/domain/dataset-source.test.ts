import { describe, expect, it } from 'vitest';
import { sourceText } from '../../server/domain/dataset-source.ts';

// What databases seeded before issue #14 hold, repository path included.
const OLD_SEED =
  'Synthetic data calibrated to published ISIPO totals (data/calibration-targets.json) / ' +
  'داده‌های ساختگی هم‌تراز با آمار منتشرشده سازمان صنایع کوچک و شهرک‌های صنعتی';

describe('sourceText', () => {
  it('gives the Persian half to a Persian reader, without English or repository paths', () => {
    const fa = sourceText(OLD_SEED, 'fa');
    expect(fa).toBe('داده‌های ساختگی هم‌تراز با آمار منتشرشده سازمان صنایع کوچک و شهرک‌های صنعتی');
    expect(fa).not.toMatch(/[A-Za-z/]/);
  });

  it('gives the English half without the path', () => {
    expect(sourceText(OLD_SEED, 'en')).toBe('Synthetic data calibrated to published ISIPO totals');
  });

  it('keeps a one-language source as it is', () => {
    expect(sourceText('Agency records', 'fa')).toBe('Agency records');
  });
});
