import type { Kysely, Selectable } from 'kysely';
import type { Database, SavedViewTable } from '../db/schema.ts';
import { describeFilterError, parseFilterParams } from '../domain/filters.ts';

/**
 * Saved views and briefing decks (issue #6). Every function takes the database first and the
 * owner second: the auth work (issue #8) passes the signed-in user, today every caller is
 * SHARED_OWNER. A row of another owner behaves exactly like a missing one.
 */

/** Owner of every view and deck until users exist. */
export const SHARED_OWNER = 'shared';

/** At most this many views per owner, and entries per deck (a deck is presented, not archived). */
export const MAX_VIEWS = 500;
export const MAX_DECK_VIEWS = 100;

export interface SavedView {
  id: number;
  name: string;
  /** The page path, e.g. `/provinces` or `/provinces/IR-10`. */
  path: string;
  /** Its URL query without `?` (filters and page parameters). */
  query: string;
  position: number;
  createdAt: string;
  updatedAt: string;
  /** The query's filters re-validated now (`parseFilterParams`): a readable reason, or null when valid. */
  filterError: string | null;
}

export interface Deck {
  id: number;
  name: string;
  /** Saved view ids in slide order. */
  viewIds: number[];
  createdAt: string;
  updatedAt: string;
}

export interface DeckWithViews extends Deck {
  views: SavedView[];
}

/** A view or deck id that the owner does not have. Routers answer 404. */
export class SavedViewNotFoundError extends Error {
  constructor(what: 'view' | 'deck', id: number) {
    super(`${what} ${id} not found`);
    this.name = 'SavedViewNotFoundError';
  }
}

/** A well-formed request that cannot be applied (a reorder missing views, too many views). */
export class SavedViewConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SavedViewConflictError';
  }
}

function toView(row: Selectable<SavedViewTable>): SavedView {
  const parsed = parseFilterParams(new URLSearchParams(row.query));
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    query: row.query,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    filterError: parsed.success ? null : describeFilterError(parsed.error),
  };
}

function now(): string {
  return new Date().toISOString();
}

/** The owner's saved views in their chosen order. */
export async function getSavedViews(db: Kysely<Database>, owner: string): Promise<SavedView[]> {
  const rows = await db
    .selectFrom('saved_views')
    .selectAll()
    .where('owner', '=', owner)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

/** One saved view; throws SavedViewNotFoundError when the owner has no such view. */
export async function getSavedView(
  db: Kysely<Database>,
  owner: string,
  id: number,
): Promise<SavedView> {
  const row = await db
    .selectFrom('saved_views')
    .selectAll()
    .where('owner', '=', owner)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new SavedViewNotFoundError('view', id);
  return toView(row);
}

/** Saves a page state at the end of the owner's list. */
export async function createSavedView(
  db: Kysely<Database>,
  owner: string,
  view: { name: string; path: string; query: string },
): Promise<SavedView> {
  return db.transaction().execute(async (trx) => {
    const { count, last } = await trx
      .selectFrom('saved_views')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('position').as('last')])
      .where('owner', '=', owner)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_VIEWS) {
      throw new SavedViewConflictError(`at most ${MAX_VIEWS} saved views; delete some first`);
    }
    const stamp = now();
    const row = await trx
      .insertInto('saved_views')
      .values({
        owner,
        name: view.name,
        path: view.path,
        query: view.query,
        position: last === null ? 0 : Number(last) + 1,
        created_at: stamp,
        updated_at: stamp,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toView(row);
  });
}

/** Renames a saved view. */
export async function renameSavedView(
  db: Kysely<Database>,
  owner: string,
  id: number,
  name: string,
): Promise<SavedView> {
  const result = await db
    .updateTable('saved_views')
    .set({ name, updated_at: now() })
    .where('owner', '=', owner)
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new SavedViewNotFoundError('view', id);
  return getSavedView(db, owner, id);
}

/**
 * Puts the owner's views in the given order. `ids` must name every one of the owner's views
 * exactly once, so a stale list (another tab added or deleted a view) is refused, not half-applied.
 */
export async function reorderSavedViews(
  db: Kysely<Database>,
  owner: string,
  ids: readonly number[],
): Promise<SavedView[]> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('saved_views')
      .select('id')
      .where('owner', '=', owner)
      .execute();
    const have = new Set(existing.map((r) => r.id));
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== have.size || ids.some((id) => !have.has(id))) {
      throw new SavedViewConflictError(
        'the new order must list every saved view exactly once; reload the list and try again',
      );
    }
    const stamp = now();
    for (const [position, id] of ids.entries()) {
      await trx
        .updateTable('saved_views')
        .set({ position, updated_at: stamp })
        .where('owner', '=', owner)
        .where('id', '=', id)
        .execute();
    }
  });
  return getSavedViews(db, owner);
}

/** Deletes a saved view; it also leaves every deck that held it. */
export async function deleteSavedView(
  db: Kysely<Database>,
  owner: string,
  id: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('saved_views')
      .select('id')
      .where('owner', '=', owner)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new SavedViewNotFoundError('view', id);
    // Explicit rather than relying on ON DELETE CASCADE alone: SQLite enforces it only with the
    // foreign_keys pragma, which a hand-opened connection may lack.
    await trx.deleteFrom('deck_views').where('view_id', '=', id).execute();
    await trx.deleteFrom('saved_views').where('id', '=', id).execute();
  });
}

/** The owner's decks (newest first) with their view ids in order. */
export async function getDecks(db: Kysely<Database>, owner: string): Promise<Deck[]> {
  const decks = await db
    .selectFrom('decks')
    .selectAll()
    .where('owner', '=', owner)
    .orderBy('id', 'desc')
    .execute();
  if (decks.length === 0) return [];
  const entries = await db
    .selectFrom('deck_views')
    .select(['deck_id', 'view_id'])
    .where(
      'deck_id',
      'in',
      decks.map((d) => d.id),
    )
    .orderBy('deck_id')
    .orderBy('position')
    .execute();
  const byDeck = new Map<number, number[]>();
  for (const e of entries) {
    const list = byDeck.get(e.deck_id) ?? [];
    list.push(e.view_id);
    byDeck.set(e.deck_id, list);
  }
  return decks.map((d) => ({
    id: d.id,
    name: d.name,
    viewIds: byDeck.get(d.id) ?? [],
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  }));
}

/** One deck with its saved views in slide order. */
export async function getDeck(
  db: Kysely<Database>,
  owner: string,
  id: number,
): Promise<DeckWithViews> {
  const deck = await db
    .selectFrom('decks')
    .selectAll()
    .where('owner', '=', owner)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!deck) throw new SavedViewNotFoundError('deck', id);
  const rows = await db
    .selectFrom('deck_views')
    .innerJoin('saved_views', 'saved_views.id', 'deck_views.view_id')
    .selectAll('saved_views')
    .where('deck_views.deck_id', '=', id)
    .orderBy('deck_views.position')
    .execute();
  const views = rows.map(toView);
  return {
    id: deck.id,
    name: deck.name,
    viewIds: views.map((v) => v.id),
    views,
    createdAt: deck.created_at,
    updatedAt: deck.updated_at,
  };
}

/** Refuses view ids the owner does not have (a deck may repeat a view). */
async function checkViewIds(
  db: Kysely<Database>,
  owner: string,
  viewIds: readonly number[],
): Promise<void> {
  if (viewIds.length > MAX_DECK_VIEWS) {
    throw new SavedViewConflictError(`a deck holds at most ${MAX_DECK_VIEWS} views`);
  }
  const unique = [...new Set(viewIds)];
  if (unique.length === 0) return;
  const found = await db
    .selectFrom('saved_views')
    .select('id')
    .where('owner', '=', owner)
    .where('id', 'in', unique)
    .execute();
  const have = new Set(found.map((r) => r.id));
  const missing = unique.find((id) => !have.has(id));
  if (missing !== undefined) throw new SavedViewNotFoundError('view', missing);
}

async function writeDeckViews(
  db: Kysely<Database>,
  deckId: number,
  viewIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('deck_views').where('deck_id', '=', deckId).execute();
  if (viewIds.length === 0) return;
  await db
    .insertInto('deck_views')
    .values(viewIds.map((viewId, position) => ({ deck_id: deckId, position, view_id: viewId })))
    .execute();
}

/** Creates a deck from saved views, in the given order. */
export async function createDeck(
  db: Kysely<Database>,
  owner: string,
  deck: { name: string; viewIds: readonly number[] },
): Promise<DeckWithViews> {
  const id = await db.transaction().execute(async (trx) => {
    await checkViewIds(trx, owner, deck.viewIds);
    const stamp = now();
    const row = await trx
      .insertInto('decks')
      .values({ owner, name: deck.name, created_at: stamp, updated_at: stamp })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeDeckViews(trx, row.id, deck.viewIds);
    return row.id;
  });
  return getDeck(db, owner, id);
}

/** Renames a deck and/or replaces its views (their order is the slide order). */
export async function updateDeck(
  db: Kysely<Database>,
  owner: string,
  id: number,
  change: { name?: string; viewIds?: readonly number[] },
): Promise<DeckWithViews> {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('decks')
      .set({ updated_at: now(), ...(change.name !== undefined ? { name: change.name } : {}) })
      .where('owner', '=', owner)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new SavedViewNotFoundError('deck', id);
    if (change.viewIds) {
      await checkViewIds(trx, owner, change.viewIds);
      await writeDeckViews(trx, id, change.viewIds);
    }
  });
  return getDeck(db, owner, id);
}

/** Deletes a deck (its saved views stay). */
export async function deleteDeck(db: Kysely<Database>, owner: string, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('decks')
      .select('id')
      .where('owner', '=', owner)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new SavedViewNotFoundError('deck', id);
    await trx.deleteFrom('deck_views').where('deck_id', '=', id).execute();
    await trx.deleteFrom('decks').where('id', '=', id).execute();
  });
}
