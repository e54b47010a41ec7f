import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './routes.tsx';
import { applyTheme, storedTheme } from './lib/theme.ts';
import { createApiClient, createQueryClient, TRPCProvider } from './lib/trpc.ts';
import './styles/global.css';

// Before the first paint, so a dark-theme user never sees a light flash (no inline script: CSP).
applyTheme(storedTheme());
if (new URLSearchParams(location.search).get('lang') === 'en') {
  document.documentElement.lang = 'en';
  document.documentElement.dir = 'ltr';
}

function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <RouterProvider router={router} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
