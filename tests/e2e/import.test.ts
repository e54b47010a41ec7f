import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoIssues, openPage } from './harness.ts';

// The data officer's path on the Load data page, with the filled templates (one CSV per
// entity, units in Windows-1256) chosen together. Only checks ("write nothing") run here: the
// browser tests share one seeded database, which an import would change under the other files.
// The committing path over the same endpoint is in tests/import/http.test.ts.

const FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'import');
const TEMPLATES = [
  'parks.csv',
  'clusters.csv',
  'units-windows-1256.csv',
  'employment.csv',
  'grants.csv',
  'targets.csv',
].map((f) => join(FIXTURES, 'valid', f));
const BAD_GRANTS = join(FIXTURES, 'malformed', '25-grants-disbursed-above-approved.csv');

describe('load data page', () => {
  it('checks several files as one import: a precise report for a bad row, then a clean check', async () => {
    const opened = await openPage('/import', { lang: 'fa' });
    const { page, issues } = opened;
    try {
      const input = page.locator('input[type="file"]');
      await input.waitFor();
      expect(await input.getAttribute('multiple')).not.toBeNull();
      const check = page.getByRole('button', { name: 'بررسی (بدون نوشتن)' });

      await input.setInputFiles([...TEMPLATES, BAD_GRANTS]);
      await check.click();
      const verdict = page.locator('.import-verdict');
      await expect
        .poll(() => verdict.getAttribute('class'), { timeout: 60_000 })
        .toContain('import-verdict-rejected');
      const issueRow = page.locator('.import-issues tbody tr').first();
      const cells = await issueRow.locator('td').allInnerTexts();
      expect(cells[0]).toBe(basename(BAD_GRANTS));
      expect(cells.join(' ')).toContain('disbursed_amount');
      // the message is Persian
      expect(cells.at(-1) ?? '').toMatch(/[\u0600-\u06ff]/);

      await input.setInputFiles(TEMPLATES);
      await check.click();
      await expect
        .poll(() => verdict.getAttribute('class'), { timeout: 60_000 })
        .toContain('import-verdict-ok');
      const entities = await page.locator('.import-counts tbody th').allInnerTexts();
      expect(entities.sort()).toEqual([
        'clusters',
        'employment',
        'grants',
        'parks',
        'targets',
        'units',
      ]);
      expect(await page.locator('.import-issues').count()).toBe(0);
      expectNoIssues(issues);
    } finally {
      await opened.close();
    }
  }, 120_000);
});
