import { z } from 'zod';
import { listAudit } from '../stores/audit.ts';
import { permissionProcedure, router } from './trpc.ts';

export const AUDIT_PAGE_SIZE = 50;

/** The audit log for administrators: newest first, keyset-paged (`/admin/audit`). */
export const auditRouter = router({
  list: permissionProcedure('viewAudit')
    .input(
      z.object({
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).default(AUDIT_PAGE_SIZE),
        action: z.string().max(32).optional(),
        username: z.string().max(64).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listAudit(ctx.db, {
        limit: input.limit + 1,
        ...(input.beforeId !== undefined ? { beforeId: input.beforeId } : {}),
        ...(input.action ? { action: input.action } : {}),
        ...(input.username ? { username: input.username } : {}),
      });
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      return { rows: page, nextBeforeId: rows.length > input.limit && last ? last.id : null };
    }),
});
