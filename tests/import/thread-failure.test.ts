import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureText } from '../../server/import/failure-text.ts';
import { runImportInThread } from '../../server/import/run-import-in-thread.ts';

// An import that dies in its thread must say why in the server log: what a thread throws
// arrives cloned, and better-sqlite3's errors (not native Errors) arrive as `{ code }` only,
// which the log printed as "[object Object]".

const PARKS = join(process.cwd(), 'tests', 'fixtures', 'import', 'valid', 'parks.csv');

describe('failureText', () => {
  it.each([
    [new Error('relation "imports" does not exist'), 'relation "imports" does not exist'],
    [{ code: 'SQLITE_CANTOPEN' }, 'SQLITE_CANTOPEN'],
    [
      { code: '42P01', message: 'relation "x" does not exist' },
      '42P01: relation "x" does not exist',
    ],
    [{ severity: 'ERROR' }, "{ severity: 'ERROR' }"],
    ['plain text', 'plain text'],
    [null, 'null'],
  ])('%o → %s', (thrown, text) => {
    expect(failureText(thrown)).toBe(text);
  });

  it('never answers [object Object]', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(failureText(circular)).not.toBe('[object Object]');
    expect(failureText(circular)).toContain('self');
  });
});

describe('an import whose thread cannot open its database', () => {
  it('rejects with an Error naming the cause, and the next import gets a working thread', async () => {
    // In a folder that exists: better-sqlite3 then fails with its own SqliteError (CANTOPEN),
    // which loses its message when cloned out of the thread.
    const dir = join(process.cwd(), 'tests', '.tmp');
    mkdirSync(dir, { recursive: true });
    const missing = join(dir, `none-${process.pid}-${Date.now()}.db`);
    const failure = await runImportInThread({
      url: missing,
      files: [{ path: PARKS, name: 'parks.csv' }],
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const { message, stack } = failure as Error;
    expect(message).toMatch(/^the import thread failed: unable to open database file/);
    expect(message).not.toContain('[object Object]');
    // Where it failed, from the thread's own stack.
    expect(stack).toContain('(in the import thread)');

    const again = await runImportInThread({
      url: missing,
      files: [{ path: PARKS, name: 'parks.csv' }],
    }).catch((error: unknown) => error);
    expect((again as Error).message).toMatch(/unable to open database file/);
  });
});
