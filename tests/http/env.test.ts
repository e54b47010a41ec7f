import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../server/env.ts';

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    expect(loadEnv({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_URL: 'data/hemayat.db',
      SLOW_QUERY_MS: 1000,
      REQUEST_LOG: 'on',
      SHUTDOWN_GRACE_MS: 5000,
      DATA_POLL_MS: 2000,
    });
    expect(loadEnv({ PORT: '', HOST: '' }).PORT).toBe(3000);
  });

  it('accepts a port, a LAN host and a PostgreSQL URL', () => {
    expect(
      loadEnv({ PORT: '8080', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db:5432/hemayat' }),
    ).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db:5432/hemayat' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc": PORT must be a number'],
    [{ PORT: '70000' }, 'PORT="70000": PORT must be between 0 and 65535'],
    [{ PORT: '80.5' }, 'PORT="80.5": PORT must be an integer'],
    [{ SHUTDOWN_GRACE_MS: '-1' }, 'SHUTDOWN_GRACE_MS="-1": SHUTDOWN_GRACE_MS must not be negative'],
    [{ HOST: 'my host' }, 'HOST="my host": HOST must be a host name or an IP address'],
    [
      { DATABASE_URL: 'mysql://x/y' },
      'DATABASE_URL must be a SQLite file path or a postgres:// URL',
    ],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadEnv(env)).toThrow(EnvError);
    expect(() => loadEnv(env)).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadEnv({ PORT: 'x', HOST: 'a b' })).toThrow(/PORT[\s\S]*HOST/);
  });
});
