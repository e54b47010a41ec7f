import { z } from 'zod';
import { DEFAULT_DATABASE_URL, isPostgresUrl } from './db/connect.ts';

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a number' })
    .int('PORT must be an integer')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(3000),
  HOST: z
    .string()
    .trim()
    .min(1, 'HOST must not be empty')
    .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'HOST must be a host name or an IP address')
    .default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1, 'DATABASE_URL must not be empty')
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || isPostgresUrl(v), {
      message: 'DATABASE_URL must be a SQLite file path or a postgres:// URL',
    })
    .default(DEFAULT_DATABASE_URL),
  /** A scraper's bearer token for GET /metrics (administrators may always read it). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Queries slower than this many milliseconds are logged with their SQL. */
  SLOW_QUERY_MS: z.coerce
    .number({ error: 'SLOW_QUERY_MS must be a number' })
    .int('SLOW_QUERY_MS must be an integer')
    .min(1, 'SLOW_QUERY_MS must be at least 1')
    .default(1000),
  /**
   * On SIGTERM/SIGINT, requests still running after this many milliseconds are cancelled (their
   * connections closed, their queries and imports ended).
   */
  SHUTDOWN_GRACE_MS: z.coerce
    .number({ error: 'SHUTDOWN_GRACE_MS must be a number' })
    .int('SHUTDOWN_GRACE_MS must be an integer')
    .min(0, 'SHUTDOWN_GRACE_MS must not be negative')
    .max(600_000, 'SHUTDOWN_GRACE_MS must be at most 600000 (10 minutes)')
    .default(5000),
  /**
   * How often (ms) this server checks whether another process (another app server, `npm run
   * import`) changed the data, to drop its cached state and reload its in-memory facts.
   */
  DATA_POLL_MS: z.coerce
    .number({ error: 'DATA_POLL_MS must be a number' })
    .int('DATA_POLL_MS must be an integer')
    .min(50, 'DATA_POLL_MS must be at least 50')
    .default(2000),
  /** `off` silences the request log (one JSON line per request on stdout). */
  REQUEST_LOG: z.enum(['on', 'off'], { error: 'REQUEST_LOG must be on or off' }).default('on'),
});

/** The validated process environment (DESIGN §2). */
export type Env = z.infer<typeof envSchema>;

/** Thrown by `loadEnv` with one readable line per bad variable. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Validates the environment once at start-up. Empty strings count as unset, so `PORT= npm start`
 * uses the default rather than failing.
 * @example loadEnv({ PORT: '8080' }) // → { PORT: 8080, HOST: '127.0.0.1', DATABASE_URL: 'data/hemayat.db' }
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const raw = {
    PORT: source.PORT || undefined,
    HOST: source.HOST || undefined,
    DATABASE_URL: source.DATABASE_URL || undefined,
    METRICS_TOKEN: source.METRICS_TOKEN || undefined,
    SLOW_QUERY_MS: source.SLOW_QUERY_MS || undefined,
    REQUEST_LOG: source.REQUEST_LOG || undefined,
    SHUTDOWN_GRACE_MS: source.SHUTDOWN_GRACE_MS || undefined,
    DATA_POLL_MS: source.DATA_POLL_MS || undefined,
  };
  const parsed = envSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const value = raw[name as keyof typeof raw];
    return `  ${name}=${JSON.stringify(value ?? '')}: ${issue.message}`;
  });
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}
