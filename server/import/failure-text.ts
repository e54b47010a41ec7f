import { inspect } from 'node:util';

/**
 * A thrown value as one line for a report or a log. An Error gives its message; anything else
 * says what it holds rather than "[object Object]": a driver's error that crossed a thread
 * boundary (better-sqlite3's SqliteError is not a native Error, so structured cloning keeps
 * only its enumerable fields, e.g. `{ code: 'SQLITE_CANTOPEN' }`) keeps its code and message.
 * @example failureText({ code: 'SQLITE_CANTOPEN' }) // → 'SQLITE_CANTOPEN'
 */
export function failureText(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'object' && thrown !== null) {
    const { code, message } = thrown as { code?: unknown; message?: unknown };
    const said = [code, message].filter((p): p is string => typeof p === 'string' && p !== '');
    if (said.length > 0) return said.join(': ');
    return inspect(thrown, { depth: 2, breakLength: Infinity });
  }
  return String(thrown);
}
