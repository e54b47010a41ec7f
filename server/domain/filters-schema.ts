import { z } from 'zod';
import { checkFilters, type Filters, type FiltersInput } from './filters.ts';

/**
 * The filters as a zod schema, for tRPC inputs and the server's other zod schemas: input typed as
 * `FiltersInput`, output `Filters`, validated by the one `checkFilters` (each issue keeps its
 * path, so a nested field reads "filters.province: …"). Server-only: the client validates with
 * `checkFilters` directly and never downloads zod.
 */
export const filtersSchema = z.custom<FiltersInput>().transform((input, ctx): Filters => {
  const result = checkFilters(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});
