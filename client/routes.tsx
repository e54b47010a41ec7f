import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { NotFound } from './components/NotFound.tsx';
import { PageFallback } from './components/states.tsx';

/**
 * Routes, each page its own chunk (`lazy`), so the overview never downloads the charts of other
 * pages. Pages export a named `Component`-style function; `lazy` maps it to `Component`.
 */
export const router = createBrowserRouter([
  {
    path: '/',
    Component: Layout,
    HydrateFallback: PageFallback,
    children: [
      {
        index: true,
        lazy: async () => ({
          Component: (await import('./features/overview/OverviewPage.tsx')).OverviewPage,
        }),
      },
      {
        path: 'provinces',
        lazy: async () => ({
          Component: (await import('./features/provinces/ProvincesPage.tsx')).ProvincesPage,
        }),
      },
      {
        path: 'provinces/:code',
        lazy: async () => ({
          Component: (await import('./features/provinces/ProvinceDetailPage.tsx'))
            .ProvinceDetailPage,
        }),
      },
      {
        path: 'clusters',
        lazy: async () => ({
          Component: (await import('./features/clusters/ClustersPage.tsx')).ClustersPage,
        }),
      },
      {
        path: 'headings',
        lazy: async () => ({
          Component: (await import('./features/headings/HeadingsPage.tsx')).HeadingsPage,
        }),
      },
      {
        path: 'explore',
        lazy: async () => ({
          Component: (await import('./features/explore/ExplorePage.tsx')).ExplorePage,
        }),
      },
      {
        path: 'impact',
        lazy: async () => ({
          Component: (await import('./features/impact/ImpactPage.tsx')).ImpactPage,
        }),
      },
      {
        path: 'import',
        lazy: async () => ({
          Component: (await import('./features/import/ImportPage.tsx')).ImportPage,
        }),
      },
      {
        path: 'admin/users',
        lazy: async () => ({
          Component: (await import('./features/admin/UsersPage.tsx')).UsersPage,
        }),
      },
      {
        path: 'admin/audit',
        lazy: async () => ({
          Component: (await import('./features/admin/AuditPage.tsx')).AuditPage,
        }),
      },
      { path: '*', Component: NotFound },
    ],
  },
  // Sign-in has no app shell: nothing of the dashboard shows before it (issue #8).
  {
    path: '/login',
    lazy: async () => ({
      Component: (await import('./features/login/LoginPage.tsx')).LoginPage,
    }),
  },
  // Briefing mode has no app shell: slides fill the screen (issue #6).
  {
    path: '/briefing',
    lazy: async () => ({
      Component: (await import('./features/briefing/BriefingPage.tsx')).BriefingPage,
    }),
  },
  {
    path: '/briefing/deck/:id',
    lazy: async () => ({
      Component: (await import('./features/briefing/DeckPage.tsx')).DeckPage,
    }),
  },
]);
