import { Readable } from 'node:stream';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../server/auth/first-admin.ts';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { runUserCli } from '../../server/auth/user-commands.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { createSession, getSession } from '../../server/stores/sessions.ts';
import { getUserByName } from '../../server/stores/users.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('sqlite');
});
afterAll(() => t.destroy());

async function cli(args: string[], stdin?: string, waitMs?: number) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUserCli(args, {
    databaseUrl: t.location,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
    ...(waitMs !== undefined ? { waitMs } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('first admin', () => {
  it('creates admin once, with a printed one-time password, never again', async () => {
    const lines: string[] = [];
    expect(await ensureFirstAdmin(t.db, { announce: (l) => lines.push(l) })).toBe(true);
    const password = /One-time password[^:]*: (\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
    const admin = await getUserByName(t.db, 'admin');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword(password, admin?.password_hash ?? '')).toBe(true);
    expect(
      await ensureFirstAdmin(t.db, {
        adminPassword: 'another-password',
        announce: (l) => lines.push(l),
      }),
    ).toBe(false);
    expect(lines).toHaveLength(1);
  });

  it('refuses a weak ADMIN_PASSWORD', async () => {
    const fresh = await createTestDb('sqlite');
    try {
      await expect(
        ensureFirstAdmin(fresh.db, { adminPassword: 'short', announce: () => undefined }),
      ).rejects.toThrow(/ADMIN_PASSWORD/);
    } finally {
      await fresh.destroy();
    }
  });
});

describe('npm run user', () => {
  it('adds a scoped user with a password from stdin', async () => {
    const r = await cli(
      ['add', 'Tabriz', '--role', 'manager', '--provinces', 'IR-03,ir-04', '--password-stdin'],
      'tabriz-password-1\n',
    );
    expect(r).toMatchObject({ code: 0 });
    const u = await getUserByName(t.db, 'tabriz');
    expect(u).toMatchObject({ role: 'manager', provinces: 'IR-03,IR-04', disabled: 0 });
    expect(await verifyPassword('tabriz-password-1', u?.password_hash ?? '')).toBe(true);
  });

  it('refuses bad input with exit code 1 or 2 and a message in both languages', async () => {
    expect((await cli(['add', 'x1', '--role', 'boss'])).code).toBe(1);
    const unknown = await cli(['scope', 'tabriz', 'IR-99']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('IR-99');
    expect(unknown.err).toMatch(/استان/);
    expect((await cli(['add', 'tabriz', '--role', 'viewer'])).code).toBe(1); // exists
    expect((await cli(['role', 'nobody', 'viewer'])).code).toBe(1);
    expect((await cli(['frobnicate', 'x'])).code).toBe(2);
    expect((await cli(['add', 'noroles'])).code).toBe(2);
  });

  it('changes password, role and scope, and disabling ends the sessions; all audited', async () => {
    const user = await getUserByName(t.db, 'tabriz');
    await createSession(
      t.db,
      { tokenHash: 'h1', userId: user?.id ?? 0, csrfToken: 'c' },
      new Date(),
    );
    const passwd = await cli(['passwd', 'tabriz']);
    expect(passwd.out).toMatch(/One-time password/);
    expect((await cli(['role', 'tabriz', 'viewer'])).code).toBe(0);
    expect((await cli(['scope', 'tabriz', 'all'])).code).toBe(0);
    await createSession(
      t.db,
      { tokenHash: 'h2', userId: user?.id ?? 0, csrfToken: 'c' },
      new Date(),
    );
    expect((await cli(['disable', 'tabriz'])).code).toBe(0);
    expect(await getSession(t.db, 'h1')).toBeUndefined();
    expect(await getSession(t.db, 'h2')).toBeUndefined();
    expect(await getUserByName(t.db, 'tabriz')).toMatchObject({
      role: 'viewer',
      provinces: 'all',
      disabled: 1,
    });
    const list = await cli(['list']);
    expect(list.out).toContain('tabriz\tviewer\tall\tdisabled');
    const actions = (await listAudit(t.db, { limit: 20 })).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user-add',
        'user-passwd',
        'user-role',
        'user-scope',
        'user-disable',
      ]),
    );
  });
});

describe('while an import holds the write lock (SQLite)', () => {
  // Another connection in a write transaction, as an import's is for its whole load.
  function holdWriteLock(): Sqlite.Database {
    const other = new Sqlite(t.location);
    other.exec('begin immediate');
    return other;
  }

  it('waits for it, says so in both languages, then adds the user once', async () => {
    const other = holdWriteLock();
    setTimeout(() => {
      other.exec('rollback');
      other.close();
    }, 1500);
    const r = await cli(
      ['add', 'waiter', '--role', 'viewer', '--password-stdin'],
      'waiter-pass-1\n',
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('waiting for it to finish');
    expect(r.err).toContain('صبر می‌کنیم');
    expect(r.err.match(/waiting/g)).toHaveLength(1);
    const u = await getUserByName(t.db, 'waiter');
    expect(await verifyPassword('waiter-pass-1', u?.password_hash ?? '')).toBe(true);
  });

  it('gives up after its wait with exit code 3, a message in both languages and nothing changed', async () => {
    const other = holdWriteLock();
    try {
      const r = await cli(['add', 'late', '--role', 'viewer'], undefined, 300);
      expect(r.code).toBe(3);
      expect(r.err).toContain('nothing was changed');
      expect(r.err).toContain('چیزی تغییر نکرد');
      expect(r.err).not.toMatch(/SQLITE_BUSY|at .*\.ts:/);
      expect(r.out).not.toContain('One-time password');
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(await getUserByName(t.db, 'late')).toBeUndefined();
  });
});
