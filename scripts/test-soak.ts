// `npm run test:soak [-- vitest args]`: the property tests run ten times longer than CI's, from a
// seed of the day, to find what CI's committed counts and seeds miss (two engine bugs did). The
// seed is printed first; the printed command replays the run. Both variables may be given to
// choose them (another seed, a longer run). Arguments after `--` go to vitest (a file, a -t
// pattern); TEST_DATABASE_URL adds PostgreSQL as in `npm test`.
import { spawnSync } from 'node:child_process';
import { PROPERTY_ENV } from '../tests/helpers/property-runs.ts';

/** Every file holding fast-check properties of the engine and the queries it answers. */
const PROPERTY_TESTS = [
  'tests/engine/engine-equality.test.ts',
  'tests/engine/unit-page.test.ts',
  'tests/engine/top-k.test.ts',
  'tests/engine/metric-values.test.ts',
  'tests/consistency/one-number.test.ts',
  'tests/queries/definitions.test.ts',
  'tests/queries/impact.test.ts',
  'tests/queries/key-messages.test.ts',
  'tests/queries/scope.test.ts',
  'tests/auth/scope-property.test.ts',
];

/** The day as a number (2026-12-06 → 20261206): a new seed each day, the same all day. */
const daySeed = () => Number(new Date().toISOString().slice(0, 10).replaceAll('-', ''));

const scale = process.env[PROPERTY_ENV.scale]?.trim() || '10';
const seed = process.env[PROPERTY_ENV.seed]?.trim() || String(daySeed());
const args = process.argv.slice(2);
const files = args.some((a) => a.startsWith('tests/')) ? [] : PROPERTY_TESTS;

const dialects = process.env.TEST_DATABASE_URL ? 'SQLite and PostgreSQL' : 'SQLite';
process.stdout.write(
  `Property soak on ${dialects}: runs x${scale}, seed offset ${seed}.\n` +
    `Replay: ${PROPERTY_ENV.scale}=${scale} ${PROPERTY_ENV.seed}=${seed} npm run test:soak` +
    `${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\n`,
);
// The unit project's 60 s a test, scaled with the runs.
const timeout = `--testTimeout=${Math.ceil(60_000 * Number(scale))}`;
const vitest = ['vitest', 'run', '--project', 'unit', timeout, ...files, ...args];
const run = spawnSync('npx', vitest, {
  stdio: 'inherit',
  env: { ...process.env, [PROPERTY_ENV.scale]: scale, [PROPERTY_ENV.seed]: seed },
});
if (run.status !== 0) {
  process.stdout.write(
    `Property soak failed at runs x${scale}, seed offset ${seed}: replay with the line above.\n`,
  );
}
process.exit(run.status ?? 1);
