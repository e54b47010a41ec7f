import { lazy, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';

interface LazyRoute {
  Component: ComponentType;
  /** Starts the chunk's download (idempotent): called for the first URL before anything renders. */
  preload: () => Promise<unknown>;
}

/**
 * A route component in its own chunk. Declarative routes (not the data router) keep react-router
 * at ~14 KB gzip instead of ~30 in the first download (issue #4's weight budget).
 */
function lazyRoute<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyRoute {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () => (loading ??= load().then((module) => ({ default: pick(module) })));
  return { Component: lazy(preload), preload };
}

const api = lazyRoute(
  () => import('./lib/api-provider.tsx'),
  (m) => m.ApiProvider,
);
const layout = lazyRoute(
  () => import('./components/Layout.tsx'),
  (m) => m.Layout,
);
const notFound = lazyRoute(
  () => import('./components/NotFound.tsx'),
  (m) => m.NotFound,
);

/** Pages by path, each its own chunk, so the overview never downloads the charts of other pages. */
const pages: Record<string, LazyRoute> = {
  '/': lazyRoute(
    () => import('./features/overview/OverviewPage.tsx'),
    (m) => m.OverviewPage,
  ),
  '/provinces': lazyRoute(
    () => import('./features/provinces/ProvincesPage.tsx'),
    (m) => m.ProvincesPage,
  ),
  '/provinces/:code': lazyRoute(
    () => import('./features/provinces/ProvinceDetailPage.tsx'),
    (m) => m.ProvinceDetailPage,
  ),
  '/clusters': lazyRoute(
    () => import('./features/clusters/ClustersPage.tsx'),
    (m) => m.ClustersPage,
  ),
  '/headings': lazyRoute(
    () => import('./features/headings/HeadingsPage.tsx'),
    (m) => m.HeadingsPage,
  ),
  '/explore': lazyRoute(
    () => import('./features/explore/ExplorePage.tsx'),
    (m) => m.ExplorePage,
  ),
  '/impact': lazyRoute(
    () => import('./features/impact/ImpactPage.tsx'),
    (m) => m.ImpactPage,
  ),
  '/plan': lazyRoute(
    () => import('./features/plan/PlanPage.tsx'),
    (m) => m.PlanPage,
  ),
  '/import': lazyRoute(
    () => import('./features/import/ImportPage.tsx'),
    (m) => m.ImportPage,
  ),
  '/admin/users': lazyRoute(
    () => import('./features/admin/UsersPage.tsx'),
    (m) => m.UsersPage,
  ),
  '/admin/audit': lazyRoute(
    () => import('./features/admin/AuditPage.tsx'),
    (m) => m.AuditPage,
  ),
};

// Sign-in has no app shell and no API client: nothing of the dashboard shows before it (issue #8).
const login = lazyRoute(
  () => import('./features/login/LoginPage.tsx'),
  (m) => m.LoginPage,
);
// Briefing mode has no app shell: slides fill the screen (issue #6).
const briefing = lazyRoute(
  () => import('./features/briefing/BriefingPage.tsx'),
  (m) => m.BriefingPage,
);
const deck = lazyRoute(
  () => import('./features/briefing/DeckPage.tsx'),
  (m) => m.DeckPage,
);

/**
 * Starts downloading every chunk the first page needs at once (API, shell, page), so they arrive
 * in parallel instead of one after the other as each lazy component renders.
 */
export function preloadRoute(pathname: string): void {
  if (pathname === '/login') {
    void login.preload();
    return;
  }
  void api.preload();
  if (pathname === '/briefing') void briefing.preload();
  else if (pathname.startsWith('/briefing/deck/')) void deck.preload();
  else {
    void layout.preload();
    const page = /^\/provinces\/[^/]+$/.test(pathname)
      ? pages['/provinces/:code']
      : pages[pathname.replace(/\/$/, '') || '/'];
    void (page ?? notFound).preload();
  }
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<login.Component />} />
      <Route element={<api.Component />}>
        <Route path="/briefing" element={<briefing.Component />} />
        <Route path="/briefing/deck/:id" element={<deck.Component />} />
        <Route element={<layout.Component />}>
          {Object.entries(pages).map(([path, page]) =>
            path === '/' ? (
              <Route key={path} index element={<page.Component />} />
            ) : (
              <Route key={path} path={path} element={<page.Component />} />
            ),
          )}
          <Route path="*" element={<notFound.Component />} />
        </Route>
      </Route>
    </Routes>
  );
}
