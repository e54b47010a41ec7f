/**
 * The benchmark's own sign-in on its git-ignored databases (bench/data): a viewer who sees every
 * province, as the dashboard's users read it. Not a secret: these files never serve anyone.
 */
export const BENCH_USER = 'bench';
export const BENCH_PASSWORD = 'bench-only-password';

/** A manager (who may export) for the export benchmark, same password. */
export const BENCH_EXPORTER = 'bench-exports';

/** An administrator (who may import) for the import-over-HTTP measurement, same password. */
export const BENCH_ADMIN = 'bench-admin';
