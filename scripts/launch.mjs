// `npm start` and the operator commands (`npm run seed|import|user|backup|restore`): run the
// built server (dist/server/<name>.js) with plain node, building first when the build is missing
// or was made from other sources (a `git pull`, an edit). Plain JavaScript: it must run before
// anything is built, and in a production install (no TypeScript tooling).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { isFresh, ROOT } from './build-stamp.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/launch.mjs <main|seed|import|user|backup|restore> [args]');
  process.exit(2);
}
// The server needs the client built from the same sources; the CLIs need only the server.
const halves = name === 'main' ? ['client', 'server'] : ['server'];
const stale = halves.filter((half) => !isFresh(half));

if (stale.length > 0) {
  let build;
  try {
    build = await import('./build.mjs');
    await import('esbuild');
  } catch {
    console.error(
      `The ${stale.join(' and ')} build is missing or older than the sources, and this install ` +
        'has no build tools (npm ci --omit=dev).\nBuild on a full install (npm ci && npm run build) ' +
        'and copy the tree, or run npm ci here, then start again.\n' +
        'ساختِ برنامه کهنه است یا وجود ندارد؛ npm ci و سپس npm run build را اجرا کنید.',
    );
    process.exit(1);
  }
  process.stderr.write(
    `Building the ${stale.join(' and ')} (sources changed since the last build)…\n`,
  );
  // Vite empties dist/, the server's folder included: a client build is followed by a server one.
  if (stale.includes('client')) await build.buildClient();
  await build.buildServer();
}

process.argv = [process.argv[0] ?? 'node', join(ROOT, 'dist', 'server', `${name}.js`), ...args];
await import(pathToFileURL(process.argv[1]).href);
