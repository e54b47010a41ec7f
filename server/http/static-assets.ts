import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlibConstants, gzip } from 'node:zlib';
import { REPO_ROOT } from '../build-info.ts';
import { preferredEncoding, type ContentEncoding } from './accept-encoding.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const brotliDecompressAsync = promisify(brotliDecompress);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/** Formats that shrink when compressed (woff2, images are compressed already). */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.webmanifest',
  '.svg',
  '.txt',
  '.xml',
  '.csv',
  '.ttf',
  '.otf',
  '.ico',
]);
const MIN_COMPRESS_BYTES = 512;

/** Vite writes content-hashed names under /assets/: they never change, so cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html first) is revalidated on every load so a new build shows at once. */
const REVALIDATE = 'no-cache';

export interface StaticAsset {
  body: Buffer;
  /** Precompressed variants, present only when smaller than the original. */
  br?: Buffer;
  gzip?: Buffer;
  contentType: string;
  cacheControl: string;
  /** Strong ETag of the uncompressed body; variants append their encoding. */
  etag: string;
}

export interface StaticAssets {
  /** URL path (`/assets/index-abc123.js`) → asset. Only these paths can ever be served. */
  files: ReadonlyMap<string, StaticAsset>;
  /** The SPA shell, or null when the client has not been built. */
  index: StaticAsset | null;
}

/**
 * Brotli at maximum quality takes seconds for a large bundle, so its output is kept on disk,
 * named by the content's hash: later starts (and rebuilds that leave a chunk unchanged) reuse it.
 */
export const DEFAULT_COMPRESSION_CACHE = join(REPO_ROOT, 'node_modules/.cache/hemayat/brotli');

export interface LoadStaticOptions {
  /** Directory for cached brotli output; null disables the cache. */
  cacheDir?: string | null;
}

/**
 * Reads every file of the built client into memory and compresses each compressible one once
 * with brotli (max quality, cached on disk by content hash) and gzip. Serving is then a map
 * lookup, which also makes path traversal impossible: a path that is not a key of the map is
 * simply not found.
 */
export async function loadStaticAssets(
  dir: string,
  options: LoadStaticOptions = {},
): Promise<StaticAssets> {
  const files = new Map<string, StaticAsset>();
  if (!existsSync(dir)) return { files, index: null };
  const cacheDir = options.cacheDir === undefined ? DEFAULT_COMPRESSION_CACHE : options.cacheDir;
  const paths = await listFiles(dir);
  await Promise.all(
    paths.map(async (path) => {
      const urlPath = '/' + relative(dir, path).split(sep).join('/');
      files.set(urlPath, await loadAsset(path, urlPath, cacheDir));
    }),
  );
  return { files, index: files.get('/index.html') ?? null };
}

/**
 * The server's own bundle (scripts/build.mjs writes it to dist/server/, beside the client): never
 * served — its code and source maps are nobody's business, and loading them cost every start
 * a gzip and a brotli check of 4 MB (and a brotli compression after each rebuild).
 */
export const SERVER_BUNDLE_DIR = 'server';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  // Dot files and folders are build metadata (Vite's .vite/manifest.json), never served.
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => {
      const parts = relative(dir, path).split(sep);
      return parts[0] !== SERVER_BUNDLE_DIR && !parts.some((part) => part.startsWith('.'));
    });
}

async function loadAsset(
  path: string,
  urlPath: string,
  cacheDir: string | null,
): Promise<StaticAsset> {
  const body = await readFile(path);
  const ext = extname(path).toLowerCase();
  const hash = createHash('sha256').update(body).digest();
  const asset: StaticAsset = {
    body,
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    cacheControl: urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
    etag: `"${hash.toString('base64url').slice(0, 22)}"`,
  };
  if (COMPRESSIBLE.has(ext) && body.length >= MIN_COMPRESS_BYTES) {
    const [br, gz] = await Promise.all([
      brotliCached(body, hash.toString('hex'), cacheDir),
      gzipAsync(body, { level: 9 }),
    ]);
    if (br.length < body.length) asset.br = br;
    if (gz.length < body.length) asset.gzip = gz;
  }
  return asset;
}

/** Brotli output for `body`, from the cache when a valid entry exists (it is verified). */
async function brotliCached(body: Buffer, hash: string, cacheDir: string | null): Promise<Buffer> {
  const file = cacheDir ? join(cacheDir, `${hash}.br`) : null;
  if (file) {
    const cached = await readFile(file).catch(() => null);
    if (cached && (await brotliDecompressAsync(cached).catch(() => null))?.equals(body)) {
      return cached;
    }
  }
  const br = await brotli(body, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  if (file && cacheDir) {
    // Best effort: a read-only checkout still serves, it just compresses at every start.
    const tmp = `${file}.${process.pid}.tmp`;
    await mkdir(cacheDir, { recursive: true })
      .then(() => writeFile(tmp, br))
      .then(() => rename(tmp, file))
      .catch(() => undefined);
  }
  return br;
}

/**
 * What a GET for `pathname` should serve: a file of the build, the SPA shell (`'spa'`) for an
 * app route, or null (404). App routes are paths whose last segment has no file extension.
 */
export function resolveStatic(assets: StaticAssets, pathname: string): StaticAsset | 'spa' | null {
  const file = assets.files.get(pathname);
  if (file) return file;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return last.includes('.') ? null : 'spa';
}

/** Sends an asset, choosing the best precompressed variant the client accepts; honours ETags. */
export function sendStaticAsset(
  req: IncomingMessage,
  res: ServerResponse,
  asset: StaticAsset,
): void {
  const available: Exclude<ContentEncoding, 'identity'>[] = [];
  if (asset.br) available.push('br');
  if (asset.gzip) available.push('gzip');
  const encoding = preferredEncoding(req.headers['accept-encoding'], available);
  const body = encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.body;
  const etag = encoding === 'identity' ? asset.etag : `${asset.etag.slice(0, -1)}-${encoding}"`;

  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', asset.cacheControl);
  res.setHeader('ETag', etag);
  if (available.length > 0) res.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);

  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', (body ?? asset.body).length);
  res.end(req.method === 'HEAD' ? undefined : (body ?? asset.body));
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}
