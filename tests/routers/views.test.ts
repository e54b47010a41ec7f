import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

const createCaller = createCallerFactory(appRouter);

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe.each(testDialects())('views router on %s', (dialect) => {
  let t: TestDb;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    caller = createCaller(createContext({ db: t.db, scope: ALL_SCOPE }));
  });
  afterAll(() => t.destroy());

  it('saves three views, lists, renames and reorders them', async () => {
    const a = await caller.views.create({ name: '  Overview  ', path: '/', query: 'from=1400' });
    const b = await caller.views.create({
      name: 'استان‌ها',
      path: '/provinces',
      query: 'province=IR-23,IR-10&metric=amount',
    });
    const c = await caller.views.create({
      name: 'Isfahan',
      path: '/provinces/IR-10',
      query: '',
    });
    expect(a.name).toBe('Overview');
    expect((await caller.views.list()).map((v) => v.id)).toEqual([a.id, b.id, c.id]);
    expect((await caller.views.rename({ id: b.id, name: 'Provinces' })).name).toBe('Provinces');
    const reordered = await caller.views.reorder({ ids: [c.id, a.id, b.id] });
    expect(reordered.map((v) => v.name)).toEqual(['Isfahan', 'Overview', 'Provinces']);
  });

  it('refuses bad names, paths and filters with readable 400s', async () => {
    const empty = await errorOf(caller.views.create({ name: '   ', path: '/', query: '' }));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(empty.message).toMatch(/name must not be empty/);
    const path = await errorOf(caller.views.create({ name: 'x', path: '/admin', query: '' }));
    expect(path.code).toBe('BAD_REQUEST');
    expect(path.message).toMatch(/not a page/);
    const filters = await errorOf(
      caller.views.create({ name: 'x', path: '/', query: 'province=IR-99&from=1403&to=1400' }),
    );
    expect(filters.code).toBe('BAD_REQUEST');
    expect(filters.message).toMatch(/unknown province code "IR-99"/);
    expect(filters.message).toMatch(/inverted/);
  });

  it('answers 404 for missing views and 409 for a stale reorder', async () => {
    expect((await errorOf(caller.views.rename({ id: 9999, name: 'x' }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.views.remove({ id: 9999 }))).code).toBe('NOT_FOUND');
    expect((await errorOf(caller.views.deck({ id: 9999 }))).code).toBe('NOT_FOUND');
    const [first] = await caller.views.list();
    if (!first) throw new Error('no view');
    expect((await errorOf(caller.views.reorder({ ids: [first.id] }))).code).toBe('CONFLICT');
  });

  it('makes a deck of the views, with its own id, and edits it', async () => {
    const ids = (await caller.views.list()).map((v) => v.id);
    const deck = await caller.views.createDeck({ name: 'Briefing', viewIds: ids });
    const fetched = await caller.views.deck({ id: deck.id });
    expect(fetched.views.map((v) => v.id)).toEqual(ids);
    expect(fetched.views.every((v) => v.filterError === null)).toBe(true);
    const missing = await errorOf(caller.views.createDeck({ name: 'x', viewIds: [9999] }));
    expect(missing.code).toBe('NOT_FOUND');
    const edited = await caller.views.updateDeck({ id: deck.id, viewIds: [...ids].reverse() });
    expect(edited.viewIds).toEqual([...ids].reverse());
    expect((await caller.views.decks()).map((d) => d.name)).toEqual(['Briefing']);
    await caller.views.removeDeck({ id: deck.id });
    expect(await caller.views.decks()).toEqual([]);
  });

  it('deletes a view', async () => {
    const [first] = await caller.views.list();
    if (!first) throw new Error('no view');
    await caller.views.remove({ id: first.id });
    expect((await caller.views.list()).map((v) => v.id)).not.toContain(first.id);
  });
});
