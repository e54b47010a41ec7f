import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './routes.tsx';
import { fetchSession, redirectToLogin, SessionContext, type SessionInfo } from './lib/session.ts';
import { applyTheme, storedTheme } from './lib/theme.ts';
import { createApiClient, createQueryClient, TRPCProvider } from './lib/trpc.ts';
import './styles/global.css';

// Before the first paint, so a dark-theme user never sees a light flash (no inline script: CSP).
applyTheme(storedTheme());
if (new URLSearchParams(location.search).get('lang') === 'en') {
  document.documentElement.lang = 'en';
  document.documentElement.dir = 'ltr';
}

/**
 * Nothing of the dashboard renders before the session is known: signed out, every page but
 * `/login` sends the browser there (the server refuses the data anyway).
 */
function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  const onLogin = location.pathname === '/login';
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    fetchSession().then(setSession, () => setSession(null));
  }, []);
  useEffect(() => {
    if (session === null && !onLogin) redirectToLogin();
  }, [session, onLogin]);
  if (!onLogin && !session) return null;
  return (
    <SessionContext value={session?.user ?? null}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </SessionContext>
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
