import { z } from 'zod';
import { DIMENSIONS, TIME_GRAINS } from '../domain/dimensions.ts';
import { filtersSchema } from '../domain/filters-schema.ts';
import { jalaliToday } from '../domain/jalali.ts';
import { METRICS } from '../domain/metrics.ts';
import { PLAN_METRICS } from '../domain/plan.ts';
import { getPlan, getViewTargets, PLAN_DIMENSIONS } from '../queries/achievement.ts';
import { getBreakdown, MAX_BREAKDOWN_LIMIT } from '../queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill, MAX_PAGE_SIZE } from '../queries/drill.ts';
import { getKeyMessages } from '../queries/key-messages.ts';
import { getImpact } from '../queries/impact.ts';
import { getSummary } from '../queries/summary.ts';
import { getTimeseries } from '../queries/timeseries.ts';
import { signedInProcedure, router } from './trpc.ts';

const withFilters = z.object({ filters: z.prefault(filtersSchema, {}) });
const order = z.enum(['asc', 'desc']).optional();

export const statsRouter = router({
  summary: signedInProcedure.input(withFilters).query(({ ctx, input }) =>
    getSummary(ctx.db, ctx.scope, input.filters, {
      pool: ctx.pool,
      memo: ctx.memo,
      dataToken: ctx.dataToken,
    }),
  ),

  breakdown: signedInProcedure
    .input(
      withFilters.extend({
        by: z.enum(DIMENSIONS),
        by2: z.enum(DIMENSIONS).optional(),
        metrics: z.array(z.enum(METRICS)).min(1).optional(),
        sort: z.enum(METRICS).optional(),
        order,
        limit: z.number().int().min(1).max(MAX_BREAKDOWN_LIMIT).optional(),
      }),
    )
    .query(({ ctx, input: { filters, ...options } }) =>
      getBreakdown(ctx.db, ctx.scope, filters, options, { pool: ctx.pool }),
    ),

  timeseries: signedInProcedure
    .input(withFilters.extend({ grain: z.enum(TIME_GRAINS) }))
    .query(({ ctx, input }) =>
      getTimeseries(ctx.db, ctx.scope, input.filters, input.grain, { pool: ctx.pool }),
    ),

  drill: signedInProcedure
    .input(
      withFilters.extend({
        level: z.enum(DRILL_LEVELS),
        sort: z.enum(DRILL_SORTS).optional(),
        order,
        page: z.number().int().min(0).max(1_000_000).optional(),
        pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
      }),
    )
    .query(({ ctx, input: { filters, ...options } }) =>
      getDrill(ctx.db, ctx.scope, filters, options, { pool: ctx.pool }),
    ),

  impact: signedInProcedure
    .input(withFilters)
    .query(({ ctx, input }) => getImpact(ctx.db, ctx.scope, input.filters, { pool: ctx.pool })),

  /** The plan's targets for the view, one per plan metric (KPI cards divide the summary by them). */
  targets: signedInProcedure
    .input(withFilters)
    .query(({ ctx, input }) =>
      getViewTargets(ctx.db, ctx.scope, input.filters, jalaliToday(ctx.now()), { pool: ctx.pool }),
    ),

  /** Achievement of one metric by province, category or heading (/plan). */
  plan: signedInProcedure
    .input(withFilters.extend({ metric: z.enum(PLAN_METRICS), by: z.enum(PLAN_DIMENSIONS) }))
    .query(({ ctx, input: { filters, ...options } }) =>
      getPlan(ctx.db, ctx.scope, filters, options, jalaliToday(ctx.now()), { pool: ctx.pool }),
    ),

  /** Three to five key messages for the view (facts; the client writes them in its language). */
  keyMessages: signedInProcedure
    .input(withFilters)
    .query(({ ctx, input }) =>
      getKeyMessages(ctx.db, ctx.scope, input.filters, jalaliToday(ctx.now()), { pool: ctx.pool }),
    ),
});
