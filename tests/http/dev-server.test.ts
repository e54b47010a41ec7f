import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../server/seed/index.ts';
import { createEmptyDb } from '../helpers/db.ts';

// `npm run dev` exactly as package.json runs it (tsx watch over server/dev.ts), on a database
// with no users yet: it creates the first administrator like `npm start`, and a browser on the
// Vite dev server signs in through its proxy.

const PASSWORD = 'dev-test-password';
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
});

function waitFor(proc: ChildProcess, pattern: RegExp, log: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      log.text += chunk.toString();
      const match = pattern.exec(log.text);
      if (match) resolve(match[1] ?? match[0]);
    };
    proc.stdout?.on('data', look);
    proc.stderr?.on('data', look);
    proc.once('exit', (code) => reject(new Error(`dev exited ${code}:\n${log.text}`)));
  });
}

describe('npm run dev', () => {
  it('creates the first administrator, who signs in through the dev server', async () => {
    const t = await createEmptyDb('sqlite');
    await t.db.destroy();
    try {
      await seedDatabase(t.location, { scale: 'small' });
      child = spawn(
        process.execPath,
        [
          join('node_modules', 'tsx', 'dist', 'cli.mjs'),
          'watch',
          '--clear-screen=false',
          'server/dev.ts',
        ],
        {
          env: {
            ...process.env,
            DATABASE_URL: t.location,
            PORT: '0',
            DEV_PORT: '0',
            ADMIN_PASSWORD: PASSWORD,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const log = { text: '' };
      const devUrl = await waitFor(child, /Hemayat dev server on (http:\/\/\S+?)\/?\s/, log);
      expect(log.text).toMatch(/Created the first user "admin"/);

      // Vite serves the client with hot reload…
      expect(await (await fetch(devUrl)).text()).toMatch(/@vite\/client/);
      // …and forwards the sign-in to the API with the browser's Host, so it is same-origin.
      const origin = new URL(devUrl).origin;
      const signIn = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
      const session = await fetch(`${origin}/api/auth/session`, { headers: { Cookie: cookie } });
      expect(await session.json()).toMatchObject({ user: { username: 'admin', role: 'admin' } });

      // tsx watch passes SIGTERM on and ends with it (128 + 15); the dev server is gone with it.
      const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      expect([0, 143]).toContain(await exited);
      child = null;
      await expect(fetch(devUrl)).rejects.toThrow();
    } finally {
      await t.destroy();
    }
  }, 180_000);
});
