import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { provinceShapesOf } from './client/components/province-map-projection.ts';

const SHAPES_ID = 'virtual:province-map-shapes-url';
const SHAPES_DEV_PATH = '/province-map-shapes.json';

/**
 * Projects data/iran-provinces.topo.json once, at build time, into a hashed JSON file of SVG paths
 * (served compressed and long-cached like every asset); `import url from '${SHAPES_ID}'` gives its
 * URL. The dev server answers the same JSON at a fixed path.
 */
function provinceMapShapes(): Plugin {
  const json = () =>
    JSON.stringify(
      provinceShapesOf(
        JSON.parse(readFileSync(new URL('data/iran-provinces.topo.json', import.meta.url), 'utf8')),
      ),
    );
  return {
    name: 'hemayat-province-map-shapes',
    resolveId: (id) => (id === SHAPES_ID ? `\0${SHAPES_ID}` : null),
    load(id) {
      if (id !== `\0${SHAPES_ID}`) return null;
      if (this.environment.mode === 'dev')
        return `export default ${JSON.stringify(SHAPES_DEV_PATH)};`;
      const ref = this.emitFile({
        type: 'asset',
        name: 'province-map-shapes.json',
        source: json(),
      });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use(SHAPES_DEV_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(json());
      });
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [react(), provinceMapShapes()],
  resolve: {
    alias: {
      // Only the scales our charts use (see the file): keeps d3-time(-format) out of the bundle.
      'victory-vendor/d3-scale': fileURLToPath(
        new URL('client/vendor/recharts-d3-scale.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: false,
    // dist/.vite/manifest.json: the chunk graph `npm run size` measures (not served: a dot folder).
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    // Host kept as the browser sent it: the API refuses sign-ins whose Origin is not its Host.
    proxy: Object.fromEntries(
      ['/trpc', '/api', '/healthz'].map((path) => [
        path,
        { target: 'http://127.0.0.1:3000', changeOrigin: false },
      ]),
    ),
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.test.ts'],
          // Seeds one database and starts the real server for the whole run (see the file).
          globalSetup: ['tests/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
