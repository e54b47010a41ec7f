/**
 * How long the fast-check properties run, read once from the environment so a longer search needs
 * no edit: CI runs the committed counts and seeds (both unset); `npm run test:soak` (scripts/
 * test-soak.ts) runs them ten times longer from a seed of the day. A failure prints fast-check's
 * seed and path; re-running with the same two variables replays the whole run.
 *
 * - `HEMAYAT_PROPERTY_RUNS_SCALE`: every committed `numRuns` times this (a positive number; 1).
 * - `HEMAYAT_PROPERTY_SEED`: an integer added to every committed seed (0: the committed seeds), so
 *   the properties keep distinct seeds from one another whatever the offset; the engine's
 *   random datasets (datasetSeed) move with it.
 */
export const PROPERTY_ENV = {
  scale: 'HEMAYAT_PROPERTY_RUNS_SCALE',
  seed: 'HEMAYAT_PROPERTY_SEED',
} as const;

/** A malformed value fails loudly: a typo must not quietly run the CI counts under a soak's name. */
function readEnv(name: string, valid: (n: number) => boolean, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!valid(value)) throw new Error(`${name}=${text}: not a valid value`);
  return value;
}

/** The multiplier of every property's run count. */
export const PROPERTY_RUNS_SCALE = readEnv(PROPERTY_ENV.scale, (n) => n > 0 && n <= 1000, 1);

/** The offset added to every property's seed. */
export const PROPERTY_SEED_OFFSET = readEnv(PROPERTY_ENV.seed, Number.isSafeInteger, 0);

/**
 * A property's committed fast-check parameters, its run count scaled and its seed offset (wrapped
 * to the 32-bit integer fast-check's generator takes); its other parameters (examples, …) as given.
 * With neither variable set, the parameters unchanged.
 */
export function propertyRuns<P extends { numRuns: number; seed: number }>(params: P): P {
  return {
    ...params,
    numRuns: Math.max(1, Math.ceil(params.numRuns * PROPERTY_RUNS_SCALE)),
    seed: Number(BigInt.asIntN(32, BigInt(params.seed) + BigInt(PROPERTY_SEED_OFFSET))),
  };
}

/**
 * A random dataset's committed seed with the same offset: a soak varies the data the properties
 * run on too (other shapes of groups, headings and years), and one seed replays both.
 */
export function datasetSeed(seed: number): number {
  return seed + PROPERTY_SEED_OFFSET;
}
