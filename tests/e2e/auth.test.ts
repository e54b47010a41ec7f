import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiQuery, appUrl, baseUrl, openPage } from './harness.ts';
import { textOf, waitForCharts } from './page-ready.ts';

/**
 * Issue #8 as a new provincial user meets it, in real Chromium: sign in on /login, see only
 * Isfahan, fail to widen that by editing the URL or calling the API from the page, find the
 * export in the audit log, and be locked out again after signing out.
 */
const USER = { username: 'isfahan-office', password: 'isfahan-e2e-password' } as const;
const OWN = 'IR-10'; // Isfahan
const OTHER = 'IR-23'; // Tehran

interface Summary {
  current: { units: number; employment: number; grants: number; amount: string };
}
interface Breakdown {
  rows: { key: string }[];
}
interface AuditList {
  rows: {
    username: string | null;
    action: string;
    outcome: string;
    detail: Record<string, unknown>;
  }[];
}

/** The admin's numbers for one province: what the provincial user must see, exactly. */
const summaryOf = (province: string) =>
  apiQuery<Summary>('stats.summary', { filters: { province: [province] } });

const unitsOnScreen = async (page: Page) =>
  Number((await textOf(page, '[data-testid="kpi-units"]')).replace(/,/g, ''));

/** A GET from inside the page: the browser's own cookie, exactly what a curious user could do. */
async function fetchInPage(page: Page, path: string): Promise<{ status: number; body: string }> {
  return page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  }, path);
}

const trpcPath = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** First cells of a CSV export's rows (province codes and `total`), header dropped. */
const firstColumn = (csv: string | Buffer): string[] =>
  parse(csv, { bom: true })
    .slice(1)
    .map((row) => row[0] ?? '');

/** Opens a page as the provincial user (signed in over HTTP, as the login page does). */
const openAsUser = (path: string) => openPage(path, { lang: 'en', signedIn: USER });

beforeAll(async () => {
  // The administrator adds the user on /admin/users, the server's own path for it.
  const admin = await openPage('/admin/users', { lang: 'en' });
  const { page } = admin;
  try {
    const form = page.locator('form.admin-form');
    await form.locator('input[name="username"]').fill(USER.username);
    await form.locator('input[name="password"]').fill(USER.password);
    await form.locator('select').selectOption('manager');
    // Provinces are ticked in a list (issue #14), not typed.
    await form.locator('button[data-filter="new-user-provinces"]').click();
    await form.locator(`.multi-select-options input[data-code="${OWN}"]`).check();
    await form.locator('button[type="submit"]').click();
    const row = page.locator('.data-table tbody tr', { hasText: USER.username });
    await row.waitFor();
    expect(await row.locator('select').inputValue()).toBe('manager');
    await row.locator('button[data-filter]').click();
    const ticked = await row
      .locator('.multi-select-options input:checked')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
    expect(ticked).toEqual([OWN]);
  } finally {
    await admin.close();
  }
});

describe('a provincial user, as a new user meets the app', () => {
  it('signs in on /login with username and password and lands on the page asked for', async () => {
    const opened = await openPage('/provinces', { lang: 'en', signedIn: false });
    const { page } = opened;
    try {
      await page.waitForURL(/\/login\?/);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/provinces?lang=en');
      expect(await textOf(page, 'h1')).toBe('Sign in to Hemayat');

      // A wrong password is refused with a message, and the page stays on /login.
      await page.fill('input[name="username"]', USER.username);
      await page.fill('input[name="password"]', 'not-the-password');
      await page.click('button[type="submit"]');
      await page.locator('.login-error[role="alert"]').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');

      await page.fill('input[name="password"]', USER.password);
      await page.click('button[type="submit"]');
      await page.waitForURL((url) => url.pathname === '/provinces');
      await waitForCharts(page, 2);
      expect(await textOf(page, '.user-menu .user-name')).toBe(
        `${USER.username} (Manager · Isfahan)`,
      );
      expect(opened.issues.externalRequests).toEqual([]);
      expect(opened.issues.pageErrors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('sees only Isfahan: KPIs, filter picker, ranking, table and map', async () => {
    const [own, country] = await Promise.all([
      summaryOf(OWN),
      apiQuery<Summary>('stats.summary', { filters: {} }),
    ]);
    expect(own.current.units).toBeGreaterThan(0);
    expect(own.current.units).toBeLessThan(country.current.units);

    const opened = await openAsUser('/');
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      expect(await unitsOnScreen(page)).toBe(own.current.units);
      await page.click('button[data-filter="province"]');
      const options = await page
        .locator('.multi-select-options input[data-code]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
      expect(options).toEqual([OWN]);

      await page.goto(appUrl('/provinces', 'en'));
      await waitForCharts(page, 2);
      const bars = page.locator('#province-ranking .recharts-bar-rectangle');
      expect(await bars.count()).toBe(1);
      const tableRows = await page.locator('#province-table tbody tr').allTextContents();
      expect(tableRows).toHaveLength(1);
      expect(tableRows[0]).toContain('Isfahan');
      // Every province but Isfahan is drawn without a value ("Tehran: No data").
      const labels = await page
        .locator('#province-map path[data-code]')
        .evaluateAll((els) =>
          els.map((el) => [el.getAttribute('data-code'), el.getAttribute('aria-label')]),
        );
      expect(labels).toHaveLength(31);
      const withNumbers = labels.filter(([, label]) => /\d/.test(label ?? '')).map(([c]) => c);
      expect(withNumbers).toEqual([OWN]);
    } finally {
      await opened.close();
    }
  });

  it('editing the URL to another province or its park never shows that province', async () => {
    const [own, other] = await Promise.all([summaryOf(OWN), summaryOf(OTHER)]);
    expect(other.current.units).toBeGreaterThan(0);
    const opened = await openAsUser(`/?province=${OTHER}`);
    const { page } = opened;
    try {
      // The filter names Tehran: the page says it is outside the account and shows nothing of it.
      await page.locator('[data-testid="scope-notice"]').waitFor();
      expect(await textOf(page, '[data-testid="scope-notice"]')).toContain(
        'Tehran is outside them',
      );
      await waitForCharts(page, 0);
      expect(await unitsOnScreen(page)).toBe(0);

      // Both provinces in the URL: Isfahan's numbers only.
      await page.goto(appUrl(`/?province=${OTHER},${OWN}`, 'en'));
      await page.locator('[data-testid="scope-notice"]').waitFor();
      await waitForCharts(page, 4);
      expect(await unitsOnScreen(page)).toBe(own.current.units);

      // Tehran's own page: a clear message instead of its figures.
      await page.goto(appUrl(`/provinces/${OTHER}`, 'en'));
      const notice = page.locator('main [data-testid="scope-notice"]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Tehran is outside your account’s provinces');
      expect(await page.locator('[data-testid="kpi-units"]').count()).toBe(0);

      // A park of Tehran is unknown to this user: an error, no figures.
      const { parks } = await apiQuery<{ parks: { code: string; province: string }[] }>(
        'meta.dimensions',
      );
      const park = parks.find((p) => p.province === OTHER)?.code;
      expect(park).toBeDefined();
      await page.goto(appUrl(`/?park=${park ?? ''}`, 'en'));
      await page.locator('main .state', { hasText: 'unknown park code' }).first().waitFor();
      expect(await page.locator('[data-testid="kpi-units"]').count()).toBe(0);
    } finally {
      await opened.close();
    }
  });

  it('the API called from the page answers nothing outside Isfahan', async () => {
    const own = await summaryOf(OWN);
    const opened = await openAsUser('/');
    const { page } = opened;
    try {
      await waitForCharts(page, 4);
      const summary = await fetchInPage(
        page,
        trpcPath('stats.summary', { filters: { province: [OTHER] } }),
      );
      expect(summary.status).toBe(200);
      const { current } = (JSON.parse(summary.body) as { result: { data: Summary } }).result.data;
      expect(current).toMatchObject({ units: 0, employment: 0, grants: 0, amount: '0' });

      // Asking for every province, or for both, gives Isfahan alone.
      for (const province of [[], [OTHER, OWN]]) {
        const res = await fetchInPage(
          page,
          trpcPath('stats.breakdown', { filters: { province }, by: 'province', limit: 31 }),
        );
        const { rows } = (JSON.parse(res.body) as { result: { data: Breakdown } }).result.data;
        expect(rows.map((r) => r.key)).toEqual([OWN]);
      }
      const both = await fetchInPage(
        page,
        trpcPath('stats.summary', { filters: { province: [OTHER, OWN] } }),
      );
      expect((JSON.parse(both.body) as { result: { data: Summary } }).result.data.current).toEqual(
        own.current,
      );

      const unitRows = await fetchInPage(
        page,
        trpcPath('stats.drill', { filters: { province: [OTHER] }, level: 'unit', pageSize: 50 }),
      );
      expect(
        (JSON.parse(unitRows.body) as { result: { data: { total: number } } }).result.data,
      ).toMatchObject({ total: 0 });

      // Exports: Tehran gives no province row; no filter gives Isfahan and the total.
      const otherCsv = await fetchInPage(
        page,
        `/api/export/provinces.csv?province=${OTHER}&header=keys`,
      );
      expect(otherCsv.status).toBe(200);
      // Only the total row (no code) is left.
      expect(firstColumn(otherCsv.body)).toEqual(['']);
      const allCsv = await fetchInPage(page, '/api/export/provinces.csv?header=keys');
      expect(firstColumn(allCsv.body)).toEqual([OWN, '']);
      const drillCsv = await fetchInPage(
        page,
        `/api/export/drill.csv?level=unit&province=${OTHER}&header=keys`,
      );
      expect(drillCsv.status).toBe(200);
      expect(firstColumn(drillCsv.body)).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('an export downloaded from the UI is in the audit log the admin reads', async () => {
    const opened = await openAsUser('/provinces?from=1400&to=1403');
    const { page } = opened;
    try {
      await waitForCharts(page, 2);
      const panel = page.locator('#province-table');
      await panel.locator('.export-menu > summary').click();
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        panel.locator('[data-export="csv"]').click(),
      ]);
      const csv = await readFile(await file.path());
      expect(firstColumn(csv)).toEqual([OWN, '']);
    } finally {
      await opened.close();
    }

    const audit = await apiQuery<AuditList>('audit.list', {
      action: 'export',
      username: USER.username,
      limit: 200,
    });
    const download = audit.rows.find(
      (row) =>
        row.detail.file === 'provinces.csv' &&
        String(row.detail.query).includes('from=1400') &&
        String(row.detail.query).includes('to=1403'),
    );
    expect(download).toMatchObject({ action: 'export', outcome: 'ok', detail: { rows: 2 } });

    // And on the admin's audit page, newest first.
    const admin = await openPage('/admin/audit', { lang: 'en' });
    try {
      const row = admin.page
        .locator('.data-table tbody tr', { hasText: USER.username })
        .filter({ hasText: 'provinces.csv' })
        .first();
      await row.waitFor();
      expect(await row.locator('[data-action]').getAttribute('data-action')).toBe('export');
      expect(await row.textContent()).toContain('File download');
    } finally {
      await admin.close();
    }
  });

  it('sign-out ends the session: pages go to /login, the API answers 401', async () => {
    const opened = await openAsUser('/provinces');
    const { page, context } = opened;
    try {
      await waitForCharts(page, 2);
      const [cookie] = await context.cookies(baseUrl);
      expect(cookie?.name).toBe('hemayat_session');

      await page.click('.user-menu button');
      await page.waitForURL((url) => url.pathname === '/login');
      expect(await context.cookies(baseUrl)).toEqual([]);

      await page.goto(appUrl('/provinces', 'en'));
      await page.waitForURL(/\/login\?/);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/provinces?lang=en');
      await page.locator('input[name="username"]').waitFor();

      for (const path of [
        trpcPath('stats.summary', { filters: {} }),
        '/api/export/provinces.csv',
        '/api/auth/session',
      ]) {
        expect((await fetchInPage(page, path)).status, path).toBe(401);
      }
      // The old cookie, replayed from outside the browser, is dead on the server too.
      const replay = await fetch(new URL(trpcPath('stats.summary', { filters: {} }), baseUrl), {
        headers: { Cookie: `${cookie?.name}=${cookie?.value}` },
      });
      expect(replay.status).toBe(401);
    } finally {
      await opened.close();
    }
  });
});
