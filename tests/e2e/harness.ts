import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';

/** The server started by global-setup.ts for this e2e run. */
export const baseUrl: string = inject('baseUrl');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Promise<Browser> | undefined;
const contexts = new Set<BrowserContext>();

/** One Chromium per test file, started on first use and closed after the file. */
function getBrowser(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return browser;
}

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  contexts.clear();
  if (browser) await (await browser).close();
  browser = undefined;
});

/** What went wrong while a page was open; tests assert these stay empty. */
export interface PageIssues {
  /** Every request to a host other than the server (data: and blob: URLs are local). */
  externalRequests: string[];
  /** Console errors, which include Chromium's CSP violation reports. */
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  issues: PageIssues;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** Adds `lang=` to the URL (the app defaults to Persian) and sets the browser locale. */
  lang?: 'fa' | 'en';
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

/**
 * Opens `path` (e.g. `/provinces?from=1400`) in a fresh browser context and records every
 * external request, console error and page error from the first byte on.
 */
export async function openPage(path: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const context = await (
    await getBrowser()
  ).newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.lang === 'en' ? 'en-US' : 'fa-IR',
    colorScheme: options.colorScheme ?? 'light',
  });
  contexts.add(context);
  const page = await context.newPage();
  const issues: PageIssues = { externalRequests: [], consoleErrors: [], pageErrors: [] };
  const serverHost = new URL(baseUrl).host;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.host !== serverHost) issues.externalRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') issues.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => issues.pageErrors.push(error.message));

  await page.goto(appUrl(path, options.lang));
  return {
    page,
    context,
    issues,
    async close() {
      contexts.delete(context);
      await context.close();
    },
  };
}

/** Absolute URL of an app path, with `lang=` added when given. */
export function appUrl(path: string, lang?: 'fa' | 'en'): string {
  const url = new URL(path, baseUrl);
  if (lang) url.searchParams.set('lang', lang);
  return url.toString();
}

/** Asserts that nothing left the server and nothing failed in the page. */
export function expectNoIssues(issues: PageIssues): void {
  expect(issues.externalRequests, 'requests to other hosts').toEqual([]);
  expect(issues.consoleErrors, 'console errors (CSP violations included)').toEqual([]);
  expect(issues.pageErrors, 'uncaught page errors').toEqual([]);
}

/** Calls a tRPC query over HTTP, as the client does, and returns its data. */
export async function apiQuery<T>(procedure: string, input?: unknown): Promise<T> {
  const url = new URL(`/trpc/${procedure}`, baseUrl);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${procedure} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { result: { data: T } };
  return body.result.data;
}
