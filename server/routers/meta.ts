import { getDimensions } from '../queries/dimensions.ts';
import { signedInProcedure, router } from './trpc.ts';

export const metaRouter = router({
  /** Dimension members (parks and clusters within the caller's scope), years, dataset facts. */
  dimensions: signedInProcedure.query(({ ctx }) =>
    getDimensions(ctx.db, ctx.scope, { memo: ctx.memo, dataToken: ctx.dataToken }),
  ),
});
