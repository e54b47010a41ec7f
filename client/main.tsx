import { StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { loadDictionary } from './i18n/index.ts';
import { AppRoutes, preloadRoute } from './routes.tsx';
import { fetchSession, redirectToLogin, SessionContext, type SessionInfo } from './lib/session.ts';
import { applyTheme, storedTheme } from './lib/theme.ts';
import './styles/global.css';

// Before the first paint, so a dark-theme user never sees a light flash (no inline script: CSP).
applyTheme(storedTheme());
const english = new URLSearchParams(location.search).get('lang') === 'en';
if (english) {
  document.documentElement.lang = 'en';
  document.documentElement.dir = 'ltr';
}

/** While the first route's code loads (before the shell can render). */
function PageFallback() {
  return <div className="skeleton" style={{ blockSize: '60vh', margin: '1rem' }} />;
}

/**
 * Nothing of the dashboard renders before the session is known: signed out, every page but
 * `/login` sends the browser there (the server refuses the data anyway).
 */
function App() {
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
      <BrowserRouter>
        <Suspense fallback={<PageFallback />}>
          <AppRoutes />
        </Suspense>
      </BrowserRouter>
    </SessionContext>
  );
}

// The first page's chunks and its language's dictionary download while the session is checked.
preloadRoute(location.pathname);
void loadDictionary(english ? 'en' : 'fa');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
