import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * How many of a package's CommonJS files are loaded after importing `module` in a fresh Node
 * process (through tsx, as the tests run the server).
 */
function filesLoaded(module: string, pkg: string): number {
  const probe = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(module)});
    const cache = createRequire(import.meta.url).cache;
    console.log(Object.keys(cache).filter((k) => k.includes('/node_modules/${pkg}/')).length);`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
    cwd: process.cwd(),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim());
}

// A restart loads every module the server imports before it can listen: exceljs alone was 60% of
// that (~0.5 s idle), for Excel files only (server/load-exceljs.ts loads it on first use).
describe('modules a start loads', () => {
  it('leaves exceljs out of the server until an Excel file is written or read', () => {
    expect(filesLoaded('./server/http/serve-app.ts', 'exceljs')).toBe(0);
    expect(filesLoaded('./server/export/xlsx-writer.ts', 'exceljs')).toBe(0);
    expect(filesLoaded('./server/import/read-xlsx.ts', 'exceljs')).toBe(0);
  });

  it('leaves pg out until a PostgreSQL database is opened (server/db/load-pg.ts)', () => {
    expect(filesLoaded('./server/http/serve-app.ts', 'pg')).toBe(0);
    expect(filesLoaded('./server/db/pg-bulk.ts', 'pg')).toBe(0);
    expect(filesLoaded('./server/seed/index.ts', 'pg')).toBe(0);
    expect(filesLoaded('pg', 'pg')).toBeGreaterThan(3);
  });

  it('sees exceljs when it is loaded (the probe can fail)', () => {
    expect(filesLoaded('exceljs', 'exceljs')).toBeGreaterThan(10);
  });
});
