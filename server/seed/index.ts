// Public surface of the synthetic-data generator.
export {
  DEFAULT_SEED,
  isSeeded,
  seedDatabase,
  SeedRefusedError,
  type SeedOptions,
  type SeedProgress,
  type SeedReport,
} from './seed-database.ts';
export { SCALE_NAMES, SCALES, type ScaleName } from './scales.ts';
