import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/index.ts';
import { MAX_BATCH_CALLS } from '../../server/domain/request-limits.ts';
import { sessionFetch } from './session.ts';

/**
 * The only way the client talks to the API (STYLE 5): a batched tRPC client on `/trpc`, typed by
 * inference from the server's AppRouter (a type-only import), and the React context for
 * @trpc/tanstack-react-query's `useTRPC()`.
 */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * The tRPC client: batched GET queries to the same origin; mutations carry the session's CSRF
 * token and a 401 (signed out or expired) goes to the login page (session.ts).
 */
export function createApiClient() {
  return createTRPCClient<AppRouter>({
    // The server refuses larger batches (413); the link splits instead.
    links: [httpBatchLink({ url: '/trpc', fetch: sessionFetch, maxItems: MAX_BATCH_CALLS })],
  });
}

/**
 * Aggregates only change when data is imported, so a minute of freshness saves refetches when
 * navigating between pages; a failed request is retried once (the user has a retry button too).
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        gcTime: 10 * 60_000,
        retry: 1,
        refetchOnWindowFocus: false,
      },
    },
  });
}
