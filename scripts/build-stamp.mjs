// What a build was made from: a hash of the sources each half of the build reads. `npm run build`
// writes it beside the output; `npm start` (scripts/launch.mjs) compares it with the tree, so a
// `git pull` (or any edit) is rebuilt before it is served. Content, not mtimes: a copied or
// re-extracted tree keeps its build. Plain JavaScript, node only: it runs before any build exists.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const COMMON = ['server', 'data', 'package.json', 'package-lock.json', 'scripts/build.mjs'];

/** The inputs of each half: the client imports server/domain and more, so it reads server/ too. */
export const INPUTS = {
  client: [...COMMON, 'client', 'vite.config.ts', 'tsconfig.json'],
  server: COMMON,
};

/** Where each half's stamp lives (inside its own output, so a clean build removes it). */
export const STAMPS = {
  client: join(ROOT, 'dist', '.client-stamp'),
  server: join(ROOT, 'dist', 'server', '.server-stamp'),
};

// data/ also holds the SQLite database by default (data/hemayat.db) with its -wal, -shm and
// -facts (the facts snapshot) files, and PostgreSQL's facts snapshots (*.facts) with their
// temporary files: these are data, not sources, and must not trigger a rebuild.
const NOT_SOURCE = /^\.|\.(db|sqlite|sqlite3)(-wal|-shm|-journal|-facts)?$|\.facts$|\.tmp$/;

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !NOT_SOURCE.test(e.name))
    .flatMap((e) => filesUnder(join(path, e.name)));
}

/** The hash of a half's inputs (names and contents). */
export function sourceHash(half) {
  const hash = createHash('sha256');
  const files = INPUTS[half].flatMap((p) => filesUnder(join(ROOT, p))).sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Is the half's build present and made from the current sources? */
export function isFresh(half) {
  return existsSync(STAMPS[half]) && readFileSync(STAMPS[half], 'utf8').trim() === sourceHash(half);
}

export function writeStamp(half) {
  writeFileSync(STAMPS[half], `${sourceHash(half)}\n`);
}
