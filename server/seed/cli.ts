import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isPostgresUrl } from '../db/connect.ts';
import { parseCliArgs, USAGE, UsageError } from './cli-args.ts';
import { seedDatabase, SeedRefusedError, type SeedProgress } from './seed-database.ts';

/**
 * `npm run seed -- --scale national --db data/hemayat.db`: writes a synthetic dataset with
 * progress lines on stderr (phase, %, units/s, at most one every two seconds) and a summary at the end.
 * Exit status: 0 done, 1 seeding failed (message only), 2 bad command line.
 */
async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`seed: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!isPostgresUrl(options.db)) mkdirSync(dirname(resolve(options.db)), { recursive: true });

  const started = performance.now();
  let lastLine = 0;
  let lastPhase = '';
  const onProgress = (p: SeedProgress): void => {
    const now = performance.now();
    const finished = p.done >= p.total;
    if (p.phase === lastPhase && !finished && now - lastLine < 2000) return;
    lastPhase = p.phase;
    lastLine = now;
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    const seconds = (now - started) / 1000;
    const rate =
      seconds > 0 ? `, ${Math.round(p.rows / seconds).toLocaleString('en-US')} rows/s` : '';
    process.stderr.write(
      `seed ${p.phase} ${pct}% (${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')}${rate})\n`,
    );
  };

  try {
    const report = await seedDatabase(options.db, {
      scale: options.scale,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      fresh: options.fresh,
      onProgress,
    });
    const counts = Object.entries(report.counts)
      .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
      .join(', ');
    const size = report.sizeBytes === null ? '' : `, ${(report.sizeBytes / 1048576).toFixed(1)} MB`;
    process.stderr.write(
      `seeded ${report.scale} (seed ${report.seed}) in ${report.seconds.toFixed(1)} s${size}: ${counts}; newest record ${report.asOf}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SeedRefusedError) {
      process.stderr.write(`seed: ${error.message}\n`);
      return 1;
    }
    // Database errors (unreachable server, unwritable path) are the user's to fix: no stack.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`seed failed: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();
