import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { metaRouter } from './meta.ts';
import { statsRouter } from './stats.ts';
import { router } from './trpc.ts';
import { usersRouter } from './users.ts';
import { viewsRouter } from './views.ts';

/** The whole API; the client imports `AppRouter` as a type only. */
export const appRouter = router({
  meta: metaRouter,
  stats: statsRouter,
  views: viewsRouter,
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
