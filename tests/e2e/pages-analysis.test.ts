import { describe, expect, it } from 'vitest';
import { apiQuery, expectNoIssues, openPage } from './harness.ts';
import { textOf, waitForCharts } from './page-ready.ts';

const PERSIAN_DIGIT = /[۰-۹]/;
const LATIN_DIGIT = /[0-9]/;
const PERSIAN_LETTER = /[\u0600-\u06ff]/;

/** The analysis pages, how many charts each draws, its title and numbers to check the digits of. */
const PAGES = [
  {
    path: '/clusters',
    charts: 2,
    heading: { fa: 'خوشه‌های صنعتی', en: 'Industrial clusters' },
    // The units column (after name, province and sector) is never empty.
    numbers: '#cluster-table td:nth-child(4), .legend .num',
  },
  {
    path: '/headings',
    charts: 3,
    heading: { fa: 'سرفصل‌های حمایتی', en: 'Support headings' },
    numbers: '.heatmap-cell, .evidence-legend .num',
  },
  {
    path: '/explore',
    charts: 1,
    heading: { fa: 'کاوش', en: 'Explore' },
    numbers: '#explore-table td.numeric',
  },
  {
    path: '/impact',
    charts: 1,
    heading: { fa: 'اثر برنامه‌ها', en: 'Programme impact' },
    numbers: '.impact-card dd .num',
  },
] as const;

describe.each(['fa', 'en'] as const)('analysis pages in %s', (lang) => {
  it.each(PAGES)(
    '$path renders its charts with data',
    async ({ path, charts, heading, numbers }) => {
      const opened = await openPage(path, { lang });
      const { page } = opened;
      try {
        await waitForCharts(page, charts);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'fa' ? 'rtl' : 'ltr');
        expect(await textOf(page, 'h1')).toBe(heading[lang]);
        const labels = await page
          .locator('[role="img"]')
          .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
        expect(labels.length).toBeGreaterThanOrEqual(charts);
        for (const label of labels) {
          expect(label.length, label).toBeGreaterThan(10);
          if (lang === 'fa') expect(label).toMatch(PERSIAN_LETTER);
          else expect(label).not.toMatch(PERSIAN_LETTER);
        }
        const texts = await page.locator(numbers).allTextContents();
        expect(texts.length).toBeGreaterThan(0);
        for (const text of texts) {
          expect(text).toMatch(lang === 'fa' ? PERSIAN_DIGIT : LATIN_DIGIT);
          expect(text).not.toMatch(lang === 'fa' ? LATIN_DIGIT : PERSIAN_DIGIT);
        }
        expectNoIssues(opened.issues);
      } finally {
        await opened.close();
      }
    },
  );
});

describe('Explore keeps its state in the URL', () => {
  it('choices made in the controls are written to the URL and restored by a reload', async () => {
    const opened = await openPage('/explore', { lang: 'en' });
    const { page } = opened;
    try {
      await waitForCharts(page, 1);
      // Each choice is one history entry; wait for it before the next, as a person would.
      await page.getByLabel('By', { exact: true }).selectOption('sector');
      await page.waitForURL(/by=sector/);
      await page.getByLabel('Metric', { exact: true }).selectOption('amount');
      await page.waitForURL(/metric=amount/);
      await page.getByRole('button', { name: 'Donut chart' }).click();
      await page.waitForURL(/chart=donut/);
      const url = new URL(page.url());
      expect(url.searchParams.get('by')).toBe('sector');
      expect(url.searchParams.get('metric')).toBe('amount');
      // The URL changes before React renders the donut: wait for its legend (one per sector).
      await expect.poll(() => page.locator('#explore-chart .legend li').count()).toBe(8);
      await waitForCharts(page, 1);
      const slices = await page.locator('#explore-chart .legend li').count();
      expect(slices).toBe(8);

      await page.reload();
      await waitForCharts(page, 1);
      expect(await page.getByLabel('By', { exact: true }).inputValue()).toBe('sector');
      expect(await page.getByLabel('Metric', { exact: true }).inputValue()).toBe('amount');
      expect(
        await page.getByRole('button', { name: 'Donut chart' }).getAttribute('aria-pressed'),
      ).toBe('true');
      expect(await page.locator('#explore-chart .legend li').count()).toBe(slices);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('answers the analyst question as a shareable Persian link (food, training, 1400–1403, per capita)', async () => {
    const path =
      '/explore?sector=FOOD&heading=ENT-01&from=1400&to=1403&by=province&metric=supportedUnits&chart=bar&capita=1';
    const opened = await openPage(path);
    const { page } = opened;
    try {
      await waitForCharts(page, 1);
      const headers = await page.locator('#explore-table thead th').allTextContents();
      expect(headers.join('|')).toContain('به ازای هر ۱۰۰ هزار نفر');
      expect(headers.join('|')).toContain('تغییر اشتغال');
      // The top row is the province with the most supported units per inhabitant: check it
      // against the API and the 2016 population.
      const api = await apiQuery<{
        rows: { key: string; nameFa: string; supportedUnits: number; employmentChange: number }[];
      }>('stats.breakdown', {
        filters: { sector: ['FOOD'], heading: ['ENT-01'], from: 1400, to: 1403 },
        by: 'province',
        metrics: ['supportedUnits', 'employmentChange'],
        sort: 'supportedUnits',
        limit: 31,
      });
      const dimensions = await apiQuery<{ provinces: { code: string; population2016: number }[] }>(
        'meta.dimensions',
      );
      const population = new Map(dimensions.provinces.map((p) => [p.code, p.population2016]));
      const best = [...api.rows].sort(
        (a, b) =>
          b.supportedUnits / (population.get(b.key) ?? 1) -
          a.supportedUnits / (population.get(a.key) ?? 1),
      )[0];
      expect(best).toBeDefined();
      const firstRow = page.locator('#explore-table tbody tr').first();
      expect(await firstRow.locator('td').first().textContent()).toBe(best?.nameFa);
      const cells = await firstRow.locator('td.numeric').allTextContents();
      const persian = new Intl.NumberFormat('fa-IR-u-nu-arabext');
      expect(cells[0]).toBe(persian.format(best?.supportedUnits ?? -1));
      expect(cells).toContain(
        new Intl.NumberFormat('fa-IR-u-nu-arabext', { signDisplay: 'exceptZero' }).format(
          best?.employmentChange ?? -1,
        ),
      );
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});

describe('clicks filter the dashboard', () => {
  it('a heading chosen on the headings page filters heading= and narrows the heat maps', async () => {
    const opened = await openPage('/headings', { lang: 'en' });
    const { page } = opened;
    try {
      await waitForCharts(page, 3);
      const rowsBefore = await page.locator('#heading-year .heatmap-row-head').count();
      expect(rowsBefore).toBe(85);
      await page.locator('#heading-treemap').getByRole('button', { name: 'Table' }).click();
      await page
        .locator('#heading-treemap')
        .getByRole('button', { name: 'Training courses for unit staff' })
        .click();
      await page.waitForURL(/heading=ENT-01/);
      await page.locator('[data-chip="heading:ENT-01"]').waitFor();
      await page.waitForFunction(
        () => document.querySelectorAll('#heading-year .heatmap-row-head').length === 1,
      );
      // The row names the heading in words (no Latin code after it).
      expect(await textOf(page, '#heading-year .heatmap-row-head')).toBe(
        'Training courses for unit staff',
      );
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  it('a cluster row filters cluster=; the impact page follows a heading filter', async () => {
    const opened = await openPage('/clusters', { lang: 'en' });
    const { page } = opened;
    try {
      await waitForCharts(page, 2);
      const link = page.locator('#cluster-table .row-link').first();
      await link.click();
      await page.waitForURL(/cluster=CL-/);
      const code = new URL(page.url()).searchParams.get('cluster') ?? '';
      await page.locator(`[data-chip="cluster:${code}"]`).waitFor();
      expect(code).toMatch(/^CL-/);

      const impact = await apiQuery<{ supported: { units: number } }>('stats.impact', {
        filters: { heading: ['ENT-01'] },
      });
      await page.goto(new URL('/impact?lang=en&heading=ENT-01', page.url()).toString());
      await waitForCharts(page, 1);
      expect(await textOf(page, '.impact-selection')).toContain('Training courses for unit staff');
      expect(await textOf(page, '.impact-supported dd .num')).toBe(
        new Intl.NumberFormat('en-US').format(impact.supported.units),
      );
      expect(await textOf(page, '.impact-caution')).toContain('not proof of cause');
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });

  // The verdict's signed percents (CLDR's Persian form, «‎+۳۲٪»: the mark before the sign makes
  // the figure one left-to-right run) must print sign, digits, percent from left to right inside
  // the right-to-left sentence, in both digit styles: not mirrored into «٪۳۲+».
  it.each(['persian', 'latin'] as const)(
    'the impact verdict writes signed percents as one run, sign first (%s digits)',
    async (digits) => {
      const opened = await openPage(`/impact?from=1398&to=1403&digits=${digits}`);
      const { page } = opened;
      try {
        await waitForCharts(page, 1);
        const runs = await page.locator('.impact-verdict .num').evaluateAll((nums) =>
          nums
            .map((num) => num.firstChild)
            .filter((node): node is Text => node instanceof Text && /[%٪]/.test(node.data))
            .map((node) =>
              [...node.data].map((ch, i) => {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                return { ch, x: range.getBoundingClientRect().x };
              }),
            ),
        );
        expect(runs).toHaveLength(2);
        for (const run of runs) {
          const shown = run.filter((c) => c.ch !== '\u200e');
          const text = shown.map((c) => c.ch).join('');
          expect(text).toMatch(digits === 'latin' ? /^[+\u2212][\d.]+%$/ : /^[+\u2212][۰-۹٫]+٪$/);
          const xs = shown.map((c) => c.x);
          // Left to right in the order written: sign, digits, percent.
          expect(xs, text).toEqual([...xs].sort((a, b) => a - b));
          expect(xs[0]!, text).toBeLessThan(xs.at(-1)!);
        }
        expectNoIssues(opened.issues);
      } finally {
        await opened.close();
      }
    },
  );
});
