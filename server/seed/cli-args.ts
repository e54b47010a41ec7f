import { parseArgs } from 'node:util';
import { SCALE_NAMES, type ScaleName } from './scales.ts';

export interface CliOptions {
  scale: ScaleName;
  db: string;
  seed: number | undefined;
  fresh: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run seed -- [--scale small|national|large] [--db PATH|postgres://…] [--seed N] [--fresh]

  --scale   dataset size (default national: ≈51,000 operating units; large: 1,000,000 units)
  --db      SQLite file or postgres:// URL (default DATABASE_URL, else data/hemayat.db)
  --seed    PRNG seed, a whole number 0…4294967295 (default 1403)
  --fresh   replace an existing dataset instead of refusing`;

/** A bad command line: the CLI prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses the seed CLI's arguments; throws UsageError with a readable message. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scale: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const scale = values.scale ?? 'national';
  if (!(SCALE_NAMES as readonly string[]).includes(scale)) {
    throw new UsageError(`--scale must be one of ${SCALE_NAMES.join(', ')} (got "${scale}")`);
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
      throw new UsageError(
        `--seed must be a whole number from 0 to 4294967295 (got "${values.seed}")`,
      );
    }
  }
  const db = values.db ?? (env.DATABASE_URL?.trim() || 'data/hemayat.db');
  if (db.trim() === '') throw new UsageError('--db must not be empty');
  return { scale: scale as ScaleName, db, seed, fresh: values.fresh, help: values.help };
}
