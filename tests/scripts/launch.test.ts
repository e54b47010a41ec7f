import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../server/seed/index.ts';
import { readServiceUnit } from './systemd-unit.ts';

// `npm start` (scripts/launch.mjs) in a copy of the tree: the first start builds client and
// server and serves the built JavaScript; an unchanged tree starts without building; a change to
// the sources (what `git pull` brings) is rebuilt before it is served. The second start is the
// systemd unit's (deploy/hemayat.service): its command and environment, stopped with its signal
// within its stop timeout.

const ROOT = process.cwd();
const TREE = join(ROOT, 'tests', '.tmp', `launch-${process.pid}`);
const DB = join(TREE, 'data', 'test.db');
const COPIED = [
  'client',
  'server',
  'data',
  'scripts',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
];

interface Started {
  child: ChildProcess;
  url: string;
  stderr: string;
}

/** Every server started, so a failed assertion never leaves one running. */
const children = new Set<ChildProcess>();

const UNIT = readServiceUnit();

function start(how: 'npm' | 'unit' = 'npm'): Promise<Started> {
  // The unit's node is /usr/bin/node; the test runs the same arguments with this node.
  const args = how === 'unit' ? UNIT.execStart.slice(1) : ['scripts/launch.mjs', 'main'];
  const child = spawn(process.execPath, args, {
    cwd: TREE,
    env: {
      ...process.env,
      ...(how === 'unit' ? UNIT.environment : {}),
      DATABASE_URL: DB,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: 'launch-test-pw',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /Hemayat is serving (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

beforeAll(async () => {
  rmSync(TREE, { recursive: true, force: true });
  mkdirSync(TREE, { recursive: true });
  for (const path of COPIED) cpSync(join(ROOT, path), join(TREE, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(TREE, 'node_modules'), 'dir');
  await seedDatabase(DB, { scale: 'small' });
}, 300_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(TREE, { recursive: true, force: true });
});

describe('npm start (scripts/launch.mjs)', () => {
  it('builds on first start, reuses an unchanged build, rebuilds changed sources', async () => {
    const first = await start();
    expect(first.stderr).toMatch(/Building the client and server/);
    // Plain node runs it: no TypeScript loader, and Vite (a build tool) is not imported at run time.
    expect(readFileSync(join(TREE, 'dist', 'server', 'main.js'), 'utf8')).not.toMatch(
      /from "vite"/,
    );
    // The built server serves the built client and the API.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(first.url)).text()).toMatch(/<div id="root">/);
    expect(await stop(first.child)).toBe(0);

    const second = await start('unit');
    expect(second.stderr).not.toMatch(/Building/);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    const stopping = Date.now();
    expect(await stop(second.child, UNIT.killSignal)).toBe(0);
    // systemd would SIGKILL it after TimeoutStopSec (a deadline, not a speed figure).
    expect((Date.now() - stopping) / 1000).toBeLessThan(UNIT.timeoutStopSec);

    // What a `git pull` does: the sources change under the built tree.
    const index = join(TREE, 'client', 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><!-- pulled -->'));
    const third = await start();
    expect(third.stderr).toMatch(/Building the client \(/);
    expect(await (await fetch(third.url)).text()).toMatch(/<!-- pulled -->/);
    expect(await stop(third.child)).toBe(0);
  }, 300_000);
});
