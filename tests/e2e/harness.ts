import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';

/** The server started by global-setup.ts for this e2e run. */
export const baseUrl: string = inject('baseUrl');
/** Its first user, created on first start from ADMIN_PASSWORD. */
export const ADMIN = { username: 'admin', password: inject('adminPassword') } as const;

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
  /**
   * Who is signed in (issue #8): the admin by default, another user by name and password, or
   * nobody (`false`: the app shows the login page).
   */
  signedIn?: boolean | { username: string; password: string };
}

/** A session over HTTP, as the login page makes one. */
export interface ApiSession {
  /** `hemayat_session=…`, for a Cookie header. */
  cookie: string;
  token: string;
  csrfToken: string;
}

/** Signs in over HTTP; throws with the server's answer when refused. */
export async function signIn(
  user: { username: string; password: string } = ADMIN,
): Promise<ApiSession> {
  const res = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!res.ok) throw new Error(`sign-in as ${user.username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, token: cookie.slice(cookie.indexOf('=') + 1), csrfToken };
}

let adminSession: Promise<ApiSession> | undefined;
/** One admin session per test file, shared by openPage and apiQuery. */
function sharedAdminSession(): Promise<ApiSession> {
  adminSession ??= signIn(ADMIN);
  return adminSession;
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
  const signedIn = options.signedIn ?? true;
  if (signedIn !== false) {
    const session = signedIn === true ? await sharedAdminSession() : await signIn(signedIn);
    await context.addCookies([
      {
        name: 'hemayat_session',
        value: session.token,
        url: baseUrl,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
  }
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

/** Calls a tRPC query over HTTP, as the client does (signed in as the admin unless told). */
export async function apiQuery<T>(
  procedure: string,
  input?: unknown,
  session?: ApiSession,
): Promise<T> {
  const url = new URL(`/trpc/${procedure}`, baseUrl);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const { cookie } = session ?? (await sharedAdminSession());
  const res = await fetch(url, { headers: { Cookie: cookie } });
  if (!res.ok) throw new Error(`${procedure} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { result: { data: T } };
  return body.result.data;
}
