import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSessionUser, type SessionUser } from '../../server/auth/session-user.ts';
import { DIMENSIONS, TIME_GRAINS } from '../../server/domain/dimensions.ts';
import { filtersToParams, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { EXPORT_VIEWS } from '../../server/export/request.ts';
import { PLAN_METRICS } from '../../server/domain/plan.ts';
import { PLAN_DIMENSIONS } from '../../server/queries/achievement.ts';
import { DRILL_LEVELS } from '../../server/queries/drill.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { randomDataset } from '../helpers/builders.ts';
import { filtersArb, PROVINCES } from '../queries/arbitraries.ts';
import { startAuthServer, type AuthServer } from './auth-server.ts';
import { newSession, type TestSession } from './sessions.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

/**
 * Issue #8's property: for random users (random province scopes), random filters, EVERY tRPC
 * query procedure over the data and EVERY export endpoint, what the user gets equals what an
 * all-provinces administrator gets with the province filter cut down to the user's scope — so
 * no row, total or member from outside the scope can appear. Filters that name only provinces
 * outside the scope get what naming a province without any data gets (nothing). A request is
 * refused (400) exactly when it names a park or cluster outside the scope, or when the
 * administrator's same request is refused too (a member the dataset lacks).
 */
const DATASET = randomDataset({ units: 90, years: [1399, 1402], provinces: PROVINCES, seed: 8 });
const createCaller = createCallerFactory(appRouter);
const scopeArb = fc
  .subarray(PROVINCES, { minLength: 1, maxLength: 3 })
  .map((provinces): Scope => ({ provinces: [...provinces].sort() }));

/** Every data query of the API with an input built from random filters. */
const QUERIES: Record<string, (filters: Filters, pick: number) => unknown> = {
  'meta.dimensions': () => undefined,
  'stats.summary': (filters) => ({ filters }),
  'stats.breakdown': (filters, pick) => ({
    filters,
    by: DIMENSIONS[pick % DIMENSIONS.length],
    ...(pick % 3 === 0 ? { by2: DIMENSIONS[(pick + 1) % DIMENSIONS.length] } : {}),
    limit: 1 + (pick % 4),
  }),
  'stats.timeseries': (filters, pick) => ({ filters, grain: TIME_GRAINS[pick % 3] }),
  'stats.drill': (filters, pick) => ({ filters, level: DRILL_LEVELS[pick % 3], pageSize: 50 }),
  'stats.impact': (filters) => ({ filters }),
  'stats.targets': (filters) => ({ filters }),
  'stats.plan': (filters, pick) => ({
    filters,
    metric: PLAN_METRICS[pick % PLAN_METRICS.length],
    by: PLAN_DIMENSIONS[pick % PLAN_DIMENSIONS.length],
  }),
  'stats.keyMessages': (filters) => ({ filters }),
};

/** The export query for a view (its required parameters) plus the filters. */
function exportQuery(view: string, filters: Filters, pick: number): string {
  const params = filtersToParams(filters);
  params.set('header', 'keys');
  if (view === 'breakdown') params.set('by', DIMENSIONS[pick % DIMENSIONS.length] ?? 'sector');
  if (view === 'drill') params.set('level', DRILL_LEVELS[pick % 3] ?? 'unit');
  if (view === 'timeseries') params.set('grain', TIME_GRAINS[pick % 3] ?? 'year');
  if (view === 'grants') params.set('status', 'all');
  return params.toString();
}

/** A value with every `link` property removed (key messages' links to the view that shows them). */
function withoutLinks(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'link' ? undefined : v)));
}

/** Every province a key message's link names, in its params or its path. */
function linkedProvinces(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value, (k, v: unknown) => {
    if (k === 'link' && v && typeof v === 'object') {
      const link = v as { path?: string; params?: Record<string, string> };
      for (const m of `${link.path ?? ''},${link.params?.province ?? ''}`.matchAll(/IR-\d\d/g))
        found.push(m[0]);
    }
    return v;
  });
  return found;
}

/** The same filters for an all-provinces caller, limited to the scope's provinces. */
function narrowed(filters: Filters, scope: Scope): Filters | null {
  const allowed = scope.provinces === 'all' ? PROVINCES : scope.provinces;
  const province = filters.province.length
    ? filters.province.filter((p) => allowed.includes(p))
    : [...allowed];
  return province.length ? { ...filters, province } : null;
}

/** A valid province code that holds no data in DATASET (and is in no scope of scopeArb). */
const EMPTY_PROVINCE = 'IR-05';

/** The same filters naming only a province without data: an empty answer of the same shape. */
function namingNothing(filters: Filters): Filters {
  return { ...filters, province: [EMPTY_PROVINCE] };
}

/**
 * Does the request name a park or cluster outside the scope (unknown to this user: 400)?
 * randomDataset puts parks P<i>A, P<i>B and cluster C<i> in PROVINCES[i].
 */
function namesOutsideMember(filters: Filters, scope: Scope): boolean {
  if (scope.provinces === 'all') return false;
  const allowed = scope.provinces;
  return [...filters.park, ...filters.cluster].some(
    (code) => !allowed.includes(PROVINCES[Number(code.charAt(1))] ?? ''),
  );
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

async function call(user: SessionUser, path: string, input: unknown): Promise<Outcome> {
  const caller = createCaller(createContext({ db: s.db, scope: user.scope, user }));
  const [group, name] = path.split('.') as [string, string];
  const procedures = caller as unknown as Record<
    string,
    Record<string, (i: unknown) => Promise<unknown>>
  >;
  try {
    return { ok: true, value: await procedures[group]?.[name]?.(input) };
  } catch (error) {
    return { ok: false, code: (error as { code?: string }).code ?? 'unknown' };
  }
}

let s: AuthServer;
let admin: TestSession;
const sessions = new Map<string, TestSession>();
let checks = 0;

beforeAll(async () => {
  s = await startAuthServer(DATASET);
  admin = await newSession(s.db, s.baseUrl, { username: 'admin', role: 'admin' });
}, 120_000);
afterAll(async () => {
  console.log(`[scope property] ${checks} randomized scope checks ran`);
  await s.close();
});

async function sessionFor(scope: Scope): Promise<TestSession> {
  const key = scope.provinces === 'all' ? 'all' : scope.provinces.join('-').toLowerCase();
  let session = sessions.get(key);
  if (!session) {
    session = await newSession(s.db, s.baseUrl, { username: `u-${key}`, role: 'manager', scope });
    sessions.set(key, session);
  }
  return session;
}

describe('province scope, property-tested', () => {
  it('covers every data query procedure of the router', () => {
    const data = Object.keys(appRouter._def.procedures).filter(
      (p) => p.startsWith('stats.') || p.startsWith('meta.'),
    );
    expect(Object.keys(QUERIES).sort()).toEqual(data.sort());
  });

  it('no tRPC query returns anything outside the user’s provinces', async () => {
    const adminUser = toSessionUser({ username: 'admin', role: 'admin', scope: ALL_SCOPE });
    await fc.assert(
      fc.asyncProperty(
        scopeArb,
        filtersArb,
        fc.nat(1000),
        fc.constantFrom(...Object.keys(QUERIES)),
        async (scope, filters, pick, path) => {
          const user = toSessionUser({ username: 'u', role: 'viewer', scope });
          const build = QUERIES[path];
          if (!build) throw new Error(path);
          const got = await call(user, path, build(filters, pick));
          checks++;
          if (path === 'meta.dimensions') {
            const dims = (
              got as { ok: true; value: Record<string, { province?: string; code: string }[]> }
            ).value;
            const inScope = (code: string | undefined) =>
              (scope.provinces as string[]).includes(code ?? '');
            expect(dims.provinces?.every((p) => inScope(p.code))).toBe(true);
            expect(dims.parks?.every((p) => inScope(p.province))).toBe(true);
            expect(dims.clusters?.every((c) => inScope(c.province))).toBe(true);
            return;
          }
          // Refused exactly when a member outside the scope is named (it is unknown to this user)
          // or when the administrator is refused too: never a refusal of anything else.
          const refused =
            namesOutsideMember(filters, scope) ||
            !(await call(adminUser, path, build(filters, pick))).ok;
          expect(got.ok ? 'answered' : got.code).toBe(refused ? 'BAD_REQUEST' : 'answered');
          if (!got.ok) return;
          const limited = narrowed(filters, scope);
          // Only provinces outside the scope: the answer of a province without any data.
          const expected = limited
            ? await call(adminUser, path, build(limited, pick))
            : await call(user, path, build(namingNothing(filters), pick));
          if (!limited && path === 'stats.summary') {
            const current = (got as { ok: true; value: { current: object } }).value.current;
            expect(current).toMatchObject({ units: 0, grants: 0 });
          }
          if (path === 'stats.keyMessages') {
            // A key message's link is the view that shows it: the scoped user's own `/` (already
            // their provinces) where the administrator's narrowed view names them. The facts must
            // agree, and a link names only the scope's provinces or those the request named.
            const named = [...(scope.provinces as string[]), ...filters.province];
            for (const province of linkedProvinces(got.value)) expect(named).toContain(province);
            expect(withoutLinks(got)).toEqual(withoutLinks(expected));
            return;
          }
          expect(got).toEqual(expected);
        },
      ),
      propertyRuns({ numRuns: 1000, seed: 808 }),
    );
  }, 600_000);

  it('no export file holds a row outside the user’s provinces', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopeArb,
        filtersArb,
        fc.nat(1000),
        fc.constantFrom(...EXPORT_VIEWS),
        async (scope, filters, pick, view) => {
          const who = await sessionFor(scope);
          const get = (session: TestSession, f: Filters) =>
            fetch(new URL(`/api/export/${view}.csv?${exportQuery(view, f, pick)}`, s.baseUrl), {
              headers: { Cookie: session.cookie },
            });
          const got = await get(who, filters);
          checks++;
          const body = await got.text();
          // 400 exactly when a member outside the scope is named or the administrator is
          // refused too (a member the dataset lacks); anything else, a 500 included, fails.
          const refused =
            namesOutsideMember(filters, scope) || (await get(admin, filters)).status === 400;
          expect(got.status, body.slice(0, 200)).toBe(refused ? 400 : 200);
          if (refused) return;
          const limited = narrowed(filters, scope);
          // Only provinces outside the scope: the file of a province without any data, which a
          // leak (the named province's rows) cannot equal.
          const expected = limited
            ? await get(admin, limited)
            : await get(who, namingNothing(filters));
          expect(body).toBe(await expected.text());
        },
      ),
      propertyRuns({ numRuns: 120, seed: 809 }),
    );
  }, 600_000);
});
