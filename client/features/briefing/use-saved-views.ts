import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../lib/trpc.ts';

/** Saved views and decks: one hook per procedure; every change refetches the lists. */

export type SavedView = RouterOutputs['views']['list'][number];
export type Deck = RouterOutputs['views']['decks'][number];

export function useSavedViews() {
  const trpc = useTRPC();
  return useQuery(trpc.views.list.queryOptions());
}

export function useDecks() {
  const trpc = useTRPC();
  return useQuery(trpc.views.decks.queryOptions());
}

export function useDeck(id: number) {
  const trpc = useTRPC();
  return useQuery(trpc.views.deck.queryOptions({ id }, { enabled: id > 0, retry: false }));
}

/** The mutations of the views router, each invalidating every `views.*` query on success. */
export function useViewMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries(trpc.views.pathFilter());
  return {
    create: useMutation(trpc.views.create.mutationOptions({ onSuccess })),
    rename: useMutation(trpc.views.rename.mutationOptions({ onSuccess })),
    reorder: useMutation(trpc.views.reorder.mutationOptions({ onSuccess })),
    remove: useMutation(trpc.views.remove.mutationOptions({ onSuccess })),
    createDeck: useMutation(trpc.views.createDeck.mutationOptions({ onSuccess })),
    updateDeck: useMutation(trpc.views.updateDeck.mutationOptions({ onSuccess })),
    removeDeck: useMutation(trpc.views.removeDeck.mutationOptions({ onSuccess })),
  };
}
