import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { addUser, changeUser, UserAdminError } from '../auth/user-admin.ts';
import { ROLES } from '../auth/roles.ts';
import { listUsers } from '../stores/users.ts';
import { permissionProcedure, router } from './trpc.ts';

const provinces = z.union([z.literal('all'), z.array(z.string().max(8)).max(40)]);

/** Admin-only; a refused change answers 400/404/409 with the message in both languages. */
const adminProcedure = permissionProcedure('manageUsers').use(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (cause instanceof UserAdminError) {
    const code =
      cause.kind === 'not-found'
        ? 'NOT_FOUND'
        : cause.kind === 'conflict'
          ? 'CONFLICT'
          : 'BAD_REQUEST';
    throw new TRPCError({ code, message: `${cause.message} / ${cause.messageFa}`, cause });
  }
  return result;
});

/** User management for administrators (issue #8); every change is in the audit log. */
export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  create: adminProcedure
    .input(
      z.object({
        username: z.string().max(64),
        role: z.enum(ROLES),
        provinces,
        password: z.string().max(256),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await addUser(ctx.db, input, { username: ctx.user.username, now: ctx.now() });
      return { ok: true };
    }),

  update: adminProcedure
    .input(
      z.object({
        username: z.string().max(64),
        role: z.enum(ROLES).optional(),
        provinces: provinces.optional(),
        password: z.string().max(256).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input: { username, ...change } }) => {
      // An administrator locking themselves out would leave nobody to undo it.
      if (
        username.trim().toLowerCase() === ctx.user.username &&
        ((change.role !== undefined && change.role !== 'admin') || change.disabled === true)
      ) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message:
            'You cannot demote or disable your own account / نمی‌توانید نقش حساب خودتان را کاهش دهید یا آن را غیرفعال کنید',
        });
      }
      await changeUser(ctx.db, username, change, { username: ctx.user.username, now: ctx.now() });
      return { ok: true };
    }),
});
