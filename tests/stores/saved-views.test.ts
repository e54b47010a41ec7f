import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDeck,
  createSavedView,
  deleteDeck,
  deleteSavedView,
  getDeck,
  getDecks,
  getSavedView,
  getSavedViews,
  renameSavedView,
  reorderSavedViews,
  SavedViewConflictError,
  SavedViewNotFoundError,
  SHARED_OWNER,
  updateDeck,
} from '../../server/stores/saved-views.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

const OWNER = SHARED_OWNER;
const OTHER = 'someone-else';

describe.each(testDialects())('saved views on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('creates views at the end of the list and lists them in order', async () => {
    const a = await createSavedView(t.db, OWNER, { name: 'کل کشور', path: '/', query: '' });
    const b = await createSavedView(t.db, OWNER, {
      name: 'Tehran',
      path: '/provinces',
      query: 'province=IR-23&from=1400&to=1402',
    });
    expect(a.position).toBe(0);
    expect(b.position).toBe(1);
    expect(b.filterError).toBeNull();
    const list = await getSavedViews(t.db, OWNER);
    expect(list.map((v) => [v.name, v.path, v.query])).toEqual([
      ['کل کشور', '/', ''],
      ['Tehran', '/provinces', 'province=IR-23&from=1400&to=1402'],
    ]);
    expect(await getSavedViews(t.db, OTHER)).toEqual([]);
  });

  it('re-validates a stored query with the filter schema when read', async () => {
    // Written directly: the router refuses such a query, but reference data can change later.
    const stale = await createSavedView(t.db, OWNER, {
      name: 'stale',
      path: '/',
      query: 'province=IR-99',
    });
    expect(stale.filterError).toMatch(/unknown province code "IR-99"/);
    await deleteSavedView(t.db, OWNER, stale.id);
  });

  it('renames, and refuses another owner', async () => {
    const [first] = await getSavedViews(t.db, OWNER);
    if (!first) throw new Error('no view');
    const renamed = await renameSavedView(t.db, OWNER, first.id, 'Whole country');
    expect(renamed.name).toBe('Whole country');
    expect((await getSavedView(t.db, OWNER, first.id)).name).toBe('Whole country');
    await expect(renameSavedView(t.db, OTHER, first.id, 'x')).rejects.toBeInstanceOf(
      SavedViewNotFoundError,
    );
    await expect(getSavedView(t.db, OTHER, first.id)).rejects.toBeInstanceOf(
      SavedViewNotFoundError,
    );
  });

  it('reorders only with the complete list', async () => {
    const c = await createSavedView(t.db, OWNER, { name: 'C', path: '/clusters', query: '' });
    const ids = (await getSavedViews(t.db, OWNER)).map((v) => v.id);
    const reversed = [...ids].reverse();
    const after = await reorderSavedViews(t.db, OWNER, reversed);
    expect(after.map((v) => v.id)).toEqual(reversed);
    expect(after.map((v) => v.position)).toEqual([0, 1, 2]);
    await expect(reorderSavedViews(t.db, OWNER, reversed.slice(1))).rejects.toBeInstanceOf(
      SavedViewConflictError,
    );
    await expect(
      reorderSavedViews(t.db, OWNER, [c.id, c.id, ...reversed.slice(1)]),
    ).rejects.toBeInstanceOf(SavedViewConflictError);
    // A refused reorder changes nothing.
    expect((await getSavedViews(t.db, OWNER)).map((v) => v.id)).toEqual(reversed);
  });

  it('builds decks in the given order, updates and deletes them', async () => {
    const ids = (await getSavedViews(t.db, OWNER)).map((v) => v.id);
    const [x, y, z] = ids as [number, number, number];
    const deck = await createDeck(t.db, OWNER, { name: 'Weekly', viewIds: [z, x, y] });
    expect(deck.viewIds).toEqual([z, x, y]);
    expect(deck.views.map((v) => v.id)).toEqual([z, x, y]);
    expect((await getDecks(t.db, OWNER)).map((d) => [d.name, d.viewIds])).toEqual([
      ['Weekly', [z, x, y]],
    ]);
    expect(await getDecks(t.db, OTHER)).toEqual([]);
    await expect(getDeck(t.db, OTHER, deck.id)).rejects.toBeInstanceOf(SavedViewNotFoundError);

    const updated = await updateDeck(t.db, OWNER, deck.id, { name: 'Monthly', viewIds: [y, y] });
    expect(updated.name).toBe('Monthly');
    expect(updated.viewIds).toEqual([y, y]);
    const renamedOnly = await updateDeck(t.db, OWNER, deck.id, { name: 'Quarterly' });
    expect(renamedOnly.viewIds).toEqual([y, y]);

    await deleteDeck(t.db, OWNER, deck.id);
    expect(await getDecks(t.db, OWNER)).toEqual([]);
    await expect(deleteDeck(t.db, OWNER, deck.id)).rejects.toBeInstanceOf(SavedViewNotFoundError);
    // The views outlive their deck.
    expect(await getSavedViews(t.db, OWNER)).toHaveLength(3);
  });

  it('refuses views of another owner in a deck', async () => {
    const foreign = await createSavedView(t.db, OTHER, { name: 'F', path: '/', query: '' });
    await expect(
      createDeck(t.db, OWNER, { name: 'bad', viewIds: [foreign.id] }),
    ).rejects.toBeInstanceOf(SavedViewNotFoundError);
    expect(await getDecks(t.db, OWNER)).toEqual([]);
  });

  it('deleting a view removes it from every deck', async () => {
    const ids = (await getSavedViews(t.db, OWNER)).map((v) => v.id);
    const [x, y] = ids as [number, number];
    const deck = await createDeck(t.db, OWNER, { name: 'D', viewIds: [x, y, x] });
    await deleteSavedView(t.db, OWNER, x);
    expect((await getDeck(t.db, OWNER, deck.id)).viewIds).toEqual([y]);
    await expect(deleteSavedView(t.db, OWNER, x)).rejects.toBeInstanceOf(SavedViewNotFoundError);
    expect((await getSavedViews(t.db, OWNER)).map((v) => v.id)).not.toContain(x);
  });
});
