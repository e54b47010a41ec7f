import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../server/seed/cli-args.ts';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function runCli(args: string[]) {
  return spawnSync(TSX, ['server/seed/cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env },
  });
}

describe('seed CLI', () => {
  it('exits 2 with a message and the usage on an unknown flag, without a stack trace', () => {
    const r = runCli(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
    expect(r.stderr).toMatch(/usage: npm run seed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a bad scale and a bad seed', () => {
    const scale = runCli(['--scale', 'huge']);
    expect(scale.status).toBe(2);
    expect(scale.stderr).toMatch(/--scale must be one of small, national, large/);
    const seed = runCli(['--seed', '-4']);
    expect(seed.status).toBe(2);
  });

  it('seeds small, prints progress and a summary, then refuses a second run with exit 1', () => {
    const dir = join(process.cwd(), 'tests', '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `cli-${process.pid}.db`);
    try {
      const ok = runCli(['--scale', 'small', '--db', file, '--seed', '5']);
      expect(ok.status).toBe(0);
      expect(ok.stderr).toMatch(/seed units \d+%/);
      expect(ok.stderr).toMatch(/seeded small \(seed 5\) in [\d.]+ s, [\d.]+ MB: parks 80/);
      expect(existsSync(file)).toBe(true);
      const again = runCli(['--scale', 'small', '--db', file]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already holds 2600 units/);
      expect(again.stderr).not.toMatch(/\n\s+at /);
    } finally {
      for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
    }
  });
});

describe('parseCliArgs', () => {
  it('defaults to national on DATABASE_URL, else data/hemayat.db', () => {
    expect(parseCliArgs([], {})).toEqual({
      scale: 'national',
      db: 'data/hemayat.db',
      seed: undefined,
      fresh: false,
      help: false,
    });
    expect(
      parseCliArgs(['--fresh', '--seed', '12'], { DATABASE_URL: 'postgres://x/y' }),
    ).toMatchObject({
      db: 'postgres://x/y',
      seed: 12,
      fresh: true,
    });
  });

  it.each([[['--seed', '1.5']], [['--seed', '99999999999']], [['--db', '']], [['stray']]])(
    'rejects %j',
    (args) => {
      expect(() => parseCliArgs(args, {})).toThrow(UsageError);
    },
  );
});
