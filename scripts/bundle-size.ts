/**
 * The weight of the built client, from Vite's manifest (`dist/.vite/manifest.json`): for a page,
 * the JavaScript that loads before anything renders (the entry and its static imports, "eager")
 * and everything the page loads together (eager + its route chunks and their static imports),
 * each chunk gzip-sized at level 9 as the server sends it. Chunks a page imports only on demand
 * (the sortable table, other pages) are listed apart and not counted.
 *
 * `npm run size` builds nothing: run `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Issue #4: the overview's JavaScript, all chunks together, and its eager part (gzip bytes). */
export const BUDGET = { total: 260 * 1024, eager: 120 * 1024 } as const;

/**
 * The lazy chunks a page's URL loads at once (client/routes.tsx `preloadRoute`), as
 * `client/`-relative manifest keys.
 */
export const PAGE_ROUTES = {
  overview: [
    'i18n/fa.ts',
    'lib/api-provider.tsx',
    'components/Layout.tsx',
    'features/overview/OverviewPage.tsx',
  ],
} as const;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface ChunkSize {
  file: string;
  gzip: number;
}

export interface PageWeight {
  /** The entry chunk and its static imports, largest first. */
  eager: ChunkSize[];
  /** The page's route chunks and their static imports not already eager, largest first. */
  route: ChunkSize[];
  /** Chunks reachable only through a dynamic import of those (loaded on demand). */
  onDemand: ChunkSize[];
  eagerGzip: number;
  totalGzip: number;
}

export function readManifest(distDir: string): Manifest {
  const path = join(distDir, '.vite', 'manifest.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`cannot read ${path} (run npm run build first)`, { cause: error });
  }
}

/** Manifest keys statically reachable from `roots` (the roots included). */
function staticClosure(manifest: Manifest, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk for ${key}`);
    seen.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  roots.forEach(visit);
  return seen;
}

/** Measures one page of the build in `distDir`. */
export function measurePage(distDir: string, routeKeys: readonly string[]): PageWeight {
  const manifest = readManifest(distDir);
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  const eagerKeys = staticClosure(manifest, entries);
  const routeKeysAll = [...staticClosure(manifest, routeKeys)].filter((k) => !eagerKeys.has(k));
  const loaded = new Set([...eagerKeys, ...routeKeysAll]);
  const onDemandRoots = routeKeysAll.flatMap((key) => manifest[key]?.dynamicImports ?? []);
  const onDemandKeys = [...staticClosure(manifest, onDemandRoots)].filter((k) => !loaded.has(k));

  const sizeOf = (key: string): ChunkSize => {
    const file = manifest[key]?.file ?? key;
    return { file, gzip: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length };
  };
  const sized = (keys: Iterable<string>) =>
    [...keys].map(sizeOf).sort((a, b) => b.gzip - a.gzip || a.file.localeCompare(b.file));
  const eager = sized(eagerKeys);
  const route = sized(routeKeysAll);
  const sum = (chunks: ChunkSize[]) => chunks.reduce((total, chunk) => total + chunk.gzip, 0);
  return {
    eager,
    route,
    onDemand: sized(onDemandKeys),
    eagerGzip: sum(eager),
    totalGzip: sum(eager) + sum(route),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function printPage(name: string, weight: PageWeight): boolean {
  const lines = (title: string, chunks: ChunkSize[]) => {
    console.log(`  ${title}`);
    for (const c of chunks) console.log(`    ${kb(c.gzip).padStart(9)}  ${c.file}`);
  };
  console.log(`${name}`);
  lines('eager (entry + static imports):', weight.eager);
  lines('route chunks:', weight.route);
  lines('on demand (not counted):', weight.onDemand);
  const eagerOk = weight.eagerGzip <= BUDGET.eager;
  const totalOk = weight.totalGzip <= BUDGET.total;
  console.log(
    `  eager ${kb(weight.eagerGzip)} gzip (budget ${kb(BUDGET.eager)}) ${eagerOk ? 'ok' : 'OVER'}`,
  );
  console.log(
    `  total ${kb(weight.totalGzip)} gzip (budget ${kb(BUDGET.total)}) ${totalOk ? 'ok' : 'OVER'}`,
  );
  return eagerOk && totalOk;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const distDir = process.argv[2] ?? 'dist';
  const ok = printPage('overview (/)', measurePage(distDir, PAGE_ROUTES.overview));
  process.exitCode = ok ? 0 : 1;
}
