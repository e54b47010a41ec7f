import { fileURLToPath } from 'node:url';

// scripts/build.mjs defines this as `true` in the bundle it writes to dist/server; under tsx
// (dev, tests) it is never defined.
declare const __HEMAYAT_BUILT__: boolean | undefined;

/** True when running the built server (dist/server/*.js), false when running the TypeScript. */
export const IS_BUILT = typeof __HEMAYAT_BUILT__ !== 'undefined' && __HEMAYAT_BUILT__;

/**
 * The repository (or production install) root: the bundle's files sit flat in dist/server/, two
 * levels down; this source file sits in server/, one level down.
 */
export const REPO_ROOT = fileURLToPath(new URL(IS_BUILT ? '../..' : '..', import.meta.url));
