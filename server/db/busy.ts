/**
 * Is this error SQLite saying another connection holds the write lock (an import's transaction)?
 * better-sqlite3 throws SqliteError with `code` 'SQLITE_BUSY' (or an extended SQLITE_BUSY_*).
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}
