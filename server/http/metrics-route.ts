import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { can } from '../auth/roles.ts';
import { loadEnv } from '../env.ts';
import { getFactsBuiltAt } from '../stores/data-state.ts';
import { sharedPoolStats } from '../threads/shared-pools.ts';
import { FORBIDDEN, UNAUTHENTICATED } from './auth-session.ts';
import { renderMetrics } from './metrics.ts';
import type { Route } from './routes.ts';

/** Does the request carry `Authorization: Bearer <METRICS_TOKEN>`? */
function hasToken(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return false;
  const sent = Buffer.from(req.headers.authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return sent.length === want.length && timingSafeEqual(sent, want);
}

/**
 * `GET /metrics` (Prometheus text format): for a scraper with the token set in METRICS_TOKEN, or
 * an administrator's session (someone allowed to read the audit log).
 */
export const metricsRoute: Route = {
  method: 'GET',
  path: '/metrics',
  access: 'public',
  async handle({ req, res, db, session, now }) {
    if (!hasToken(req, loadEnv().METRICS_TOKEN)) {
      if (!session) throw UNAUTHENTICATED();
      if (!can(session.user.role, 'viewAudit')) throw FORBIDDEN();
    }
    const body = renderMetrics({
      pools: sharedPoolStats(),
      factsBuiltAt: await getFactsBuiltAt(db),
      dataVersion: null,
      now: now(),
    });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  },
};
