import { describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../server/http/bootstrap.ts';
import { createProgressReporter } from '../../server/http/progress-line.ts';
import { isSeeded, seedDatabase } from '../../server/seed/index.ts';
import { createEmptyDb } from '../helpers/db.ts';

describe('prepareDatabase', () => {
  it('builds missing rollups once; a later start does no work', async () => {
    const t = await createEmptyDb('sqlite');
    await t.db.destroy();
    try {
      await seedDatabase(t.location, { scale: 'small' });
      const firstLog: string[] = [];
      const db = await prepareDatabase(t.location, (m) => firstLog.push(m));
      expect(await isSeeded(db)).toBe(true);
      await db.destroy();
      expect(firstLog[0]).toBe('Building rollups (pre-aggregated tables)…');
      expect(firstLog).toHaveLength(2);

      const laterLog: string[] = [];
      const again = await prepareDatabase(t.location, (m) => laterLog.push(m));
      await again.destroy();
      expect(laterLog).toEqual([]);
    } finally {
      await t.destroy();
    }
  });
});

describe('createProgressReporter', () => {
  it('writes a line per phase and per 10% in a log', () => {
    const chunks: string[] = [];
    const log = { isTTY: false, write: (s: string) => chunks.push(s) > 0 };
    const progress = createProgressReporter(log as unknown as NodeJS.WriteStream);
    progress.report({ phase: 'parks', done: 1000, total: 1000 });
    for (let done = 0; done <= 66_400; done += 2_000) {
      progress.report({ phase: 'units', done, total: 66_400 });
    }
    progress.report({ phase: 'units', done: 66_400, total: 66_400 });
    progress.finish();
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines[0]).toBe('seeding parks 100% (1,000 / 1,000)');
    expect(lines[1]).toBe('seeding units 0% (0 / 66,400)');
    expect(lines.at(-1)).toBe('seeding units 100% (66,400 / 66,400)');
    // One line per 10% step of units: 0, 10, …, 90 and 100.
    expect(lines.filter((l) => l.startsWith('seeding units'))).toHaveLength(11);
  });
});
