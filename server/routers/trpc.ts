import { initTRPC, TRPCError } from '@trpc/server';
import { can, type Permission } from '../auth/roles.ts';
import { isDatabaseBusy } from '../db/busy.ts';
import { FilterValidationError } from '../engine/filters/errors.ts';
import { firstAnswer, STARTUP_DEBUG } from '../startup-timings.ts';
import type { Context } from './context.ts';

interface IssueLike {
  path?: readonly PropertyKey[] | readonly { key: PropertyKey }[];
  message: string;
}

function hasIssues(cause: unknown): cause is { issues: IssueLike[] } {
  return (
    typeof cause === 'object' &&
    cause !== null &&
    Array.isArray((cause as { issues?: unknown }).issues)
  );
}

/** "filters.province: unknown province code "IR-99"; limit: …" from zod/standard-schema issues. */
function describeIssues(issues: IssueLike[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((p) => String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
        .join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** A readable message for a bad request, or null when the error is not the caller's fault. */
function filterErrorOf(error: TRPCError): string | null {
  if (error.code !== 'BAD_REQUEST') return null;
  if (hasIssues(error.cause)) return describeIssues(error.cause.issues);
  return error.message;
}

/** A fault of ours: its own text stays in the server log, filed under the request id named here. */
function internalMessage(requestId: string | undefined): string {
  const en = requestId ? ` (request ${requestId})` : '';
  const fa = requestId ? ` (شناسهٔ درخواست ${requestId})` : '';
  return `Internal server error${en}: the details are in the server log / خطای داخلی سرور${fa}: جزئیات در گزارش سرور ثبت شده است`;
}

/** tRPC's own transport refusals, which it words in English only. */
const TRANSPORT_MESSAGES: Partial<Record<TRPCError['code'], string>> = {
  UNSUPPORTED_MEDIA_TYPE:
    'Send the input as JSON (Content-Type: application/json) / ورودی را به صورت JSON بفرستید (Content-Type: application/json)',
  METHOD_NOT_SUPPORTED:
    'Queries are sent with GET and changes with POST / پرسش‌ها با GET و تغییرها با POST فرستاده می‌شوند',
};

/**
 * Plain JSON (money travels as decimal strings). Validation failures reach the client as
 * BAD_REQUEST (HTTP 400) with `data.filterError`, a readable one-line message.
 */
const t = initTRPC.context<Context>().create({
  // Never send stack traces to a client (tRPC adds them whenever NODE_ENV is not 'production').
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const filterError = filterErrorOf(error);
    // A fault's own text ("database is locked", a driver's message) stays in the server log.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const requestId = ctx?.requestId;
    return {
      ...shape,
      message:
        filterError ??
        (internal ? internalMessage(requestId) : (TRANSPORT_MESSAGES[error.code] ?? shape.message)),
      data: { ...shape.data, filterError, ...(internal && requestId ? { requestId } : {}) },
    };
  },
});

/**
 * Every caller (HTTP and createCaller alike) gets a readable message: input validation issues
 * become one line, and filters naming unknown parks/clusters (found only in the database) are a
 * BAD_REQUEST too, never a 500.
 */
const badRequests = t.middleware(async ({ next, path, getRawInput }) => {
  const started = performance.now();
  const result = await next();
  if (STARTUP_DEBUG) firstAnswer(`${path}${await byOf(getRawInput)}`, started);
  if (result.ok) return result;
  const { cause, code } = result.error;
  if (isDatabaseBusy(cause)) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message:
        'An import is writing to the database; try again in a few seconds / ورود داده‌ای در حال نوشتن در پایگاه داده است؛ چند ثانیه دیگر دوباره امتحان کنید',
      cause,
    });
  }
  if (cause instanceof FilterValidationError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  if (code === 'BAD_REQUEST' && hasIssues(cause)) {
    throw new TRPCError({ code, message: describeIssues(cause.issues), cause });
  }
  return result;
});

/** A breakdown's dimension, told apart in the start-up log (the Overview asks three). */
async function byOf(getRawInput: () => Promise<unknown>): Promise<string> {
  const input = await getRawInput().catch(() => undefined);
  const by = typeof input === 'object' && input !== null ? (input as { by?: unknown }).by : null;
  return typeof by === 'string' ? ` by ${by}` : '';
}

export const router = t.router;
/** No caller check: only for procedures that reveal nothing (there are none today). */
export const publicProcedure = t.procedure.use(badRequests);
export const createCallerFactory = t.createCallerFactory;

/** Any signed-in user (issue #8); `ctx.user` is non-null inside. Without a session: 401. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first / ابتدا وارد شوید' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Signed-in users whose role has `permission` (roles.ts); others get 403. */
export function permissionProcedure(permission: Permission) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (!can(ctx.user.role, permission)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'Your role does not allow this / نقش کاربری شما اجازهٔ این کار را نمی‌دهد',
      });
    }
    return next();
  });
}
