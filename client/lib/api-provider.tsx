import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Outlet } from 'react-router';
import { createApiClient, createQueryClient, TRPCProvider } from './trpc.ts';

/**
 * TanStack Query and tRPC for every route below it (all but `/login`). A lazy route of its own
 * so the ~20 KB gzip of query and tRPC code loads beside the page chunk, not before first paint.
 */
export function ApiProvider() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Outlet />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
