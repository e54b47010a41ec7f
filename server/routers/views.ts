import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { SessionUser } from '../auth/session-user.ts';
import { describeFilterError, parseFilterParams } from '../domain/filters.ts';
import {
  createDeck,
  createSavedView,
  deleteDeck,
  deleteSavedView,
  getDeck,
  getDecks,
  getSavedViews,
  MAX_DECK_VIEWS,
  MAX_VIEWS,
  renameSavedView,
  reorderSavedViews,
  SavedViewConflictError,
  SavedViewNotFoundError,
  updateDeck,
} from '../stores/saved-views.ts';
import type { Context } from './context.ts';
import { signedInProcedure, router } from './trpc.ts';

/** Pages a view can be saved from (DESIGN §3); a province page names its ISO code. */
const PAGE_PATH = /^\/(provinces(\/IR-\d{2})?|clusters|headings|explore|impact)?$/;

const name = z.string().trim().min(1, 'name must not be empty').max(120, 'name is too long');
const id = z.number().int().positive();

/** A page's query string: its filters must pass the one filter schema (no second schema here). */
const query = z
  .string()
  .max(2000, 'query is too long')
  .refine((q) => !q.startsWith('?'), 'query must not start with "?"')
  .superRefine((q, ctx) => {
    const parsed = parseFilterParams(new URLSearchParams(q));
    if (!parsed.success)
      ctx.addIssue({ code: 'custom', message: describeFilterError(parsed.error) });
  });

const viewInput = z.object({
  name,
  path: z.string().regex(PAGE_PATH, 'not a page of the dashboard'),
  query,
});

/**
 * Whose views: the signed-in user's own (issue #8). A view stores only a page and its filters,
 * never data, so presenting it re-applies the presenter's scope.
 */
function ownerOf(ctx: Context & { user: SessionUser }): string {
  return ctx.user.username;
}

/** Missing rows answer 404 and stale or oversized requests 409, each with a readable message. */
const savedViewErrors = signedInProcedure.use(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (cause instanceof SavedViewNotFoundError) {
    throw new TRPCError({ code: 'NOT_FOUND', message: cause.message, cause });
  }
  if (cause instanceof SavedViewConflictError) {
    throw new TRPCError({ code: 'CONFLICT', message: cause.message, cause });
  }
  return result;
});

export const viewsRouter = router({
  /** The saved views in their order, each with its filters re-validated. */
  list: savedViewErrors.query(({ ctx }) => getSavedViews(ctx.db, ownerOf(ctx))),

  create: savedViewErrors
    .input(viewInput)
    .mutation(({ ctx, input }) => createSavedView(ctx.db, ownerOf(ctx), input)),

  rename: savedViewErrors
    .input(z.object({ id, name }))
    .mutation(({ ctx, input }) => renameSavedView(ctx.db, ownerOf(ctx), input.id, input.name)),

  /** `ids`: every saved view, in the new order. */
  reorder: savedViewErrors
    .input(z.object({ ids: z.array(id).max(MAX_VIEWS) }))
    .mutation(({ ctx, input }) => reorderSavedViews(ctx.db, ownerOf(ctx), input.ids)),

  remove: savedViewErrors
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteSavedView(ctx.db, ownerOf(ctx), input.id)),

  decks: savedViewErrors.query(({ ctx }) => getDecks(ctx.db, ownerOf(ctx))),

  /** A deck with its views in slide order (what `/briefing/deck/:id` presents). */
  deck: savedViewErrors
    .input(z.object({ id }))
    .query(({ ctx, input }) => getDeck(ctx.db, ownerOf(ctx), input.id)),

  createDeck: savedViewErrors
    .input(z.object({ name, viewIds: z.array(id).max(MAX_DECK_VIEWS) }))
    .mutation(({ ctx, input }) => createDeck(ctx.db, ownerOf(ctx), input)),

  updateDeck: savedViewErrors
    .input(
      z.object({
        id,
        name: name.optional(),
        viewIds: z.array(id).max(MAX_DECK_VIEWS).optional(),
      }),
    )
    .mutation(({ ctx, input: { id: deckId, ...change } }) =>
      updateDeck(ctx.db, ownerOf(ctx), deckId, change),
    ),

  removeDeck: savedViewErrors
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => deleteDeck(ctx.db, ownerOf(ctx), input.id)),
});
