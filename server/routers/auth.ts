import { signedInProcedure, router } from './trpc.ts';

/** The caller as the server sees them (sign-in itself is plain HTTP: /api/auth/*). */
export const authRouter = router({
  me: signedInProcedure.query(({ ctx }) => ctx.user),
});
