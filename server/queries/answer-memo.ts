import type { Kysely } from 'kysely';
import { changeTokenOf } from '../db/change-token.ts';
import type { Database } from '../db/schema.ts';

/**
 * Answers already computed for this change token, keyed by (query, scope, input). The dashboard
 * asks the same few questions over and over (every page opens on the summary of the whole
 * range), and each read costs the event loop a few SQLite statements; a remembered answer costs
 * a map lookup. Correct because the key holds the caller's scope (a provincial user never gets an
 * answer computed for another scope) and every entry belongs to one change token
 * (db/change-token.ts): any committed write empties the memo. Where no token is available
 * (PostgreSQL, several servers on one database) nothing is remembered.
 */
export interface AnswerMemo {
  /** The change token the entries belong to. */
  version: string | null;
  entries: Map<string, { at: number; answer: Promise<unknown> }>;
}

/** Entries kept at most: past it the memo starts again (the working set is a few dozen views). */
export const MEMO_MAX_ENTRIES = 1000;
/**
 * An answer is not kept longer than this even when nothing was written: the default period
 * without data depends on today's date, and a bound keeps the memo from outliving surprises.
 */
export const MEMO_MAX_AGE_MS = 60_000;

const memos = new WeakMap<Kysely<Database>, AnswerMemo>();

/** The memo of a database handle (one per server process and handle). */
export function answerMemoOf(db: Kysely<Database>): AnswerMemo {
  let memo = memos.get(db);
  if (!memo) {
    memo = { version: null, entries: new Map() };
    memos.set(db, memo);
  }
  return memo;
}

/**
 * `compute()`'s answer, or the one remembered for `key` under the current change token: the
 * request's own (`at.version`, read once when it started), else read now.
 * Concurrent callers with the same key share one computation; a failed one is not kept.
 * The answer is shared between callers: they must not mutate it.
 * @example memoised(memo, db, ['summary', scope, filters], () => computeSummary(…))
 */
export function memoised<T>(
  memo: AnswerMemo,
  db: Kysely<Database>,
  key: readonly unknown[],
  compute: () => Promise<T>,
  at: { now?: number; version?: string | null } = {},
): Promise<T> {
  const version = at.version === undefined ? changeTokenOf(db) : at.version;
  const now = at.now ?? Date.now();
  if (version === null) return compute();
  if (memo.version !== version || memo.entries.size >= MEMO_MAX_ENTRIES) {
    memo.entries.clear();
    memo.version = version;
  }
  const k = JSON.stringify(key);
  const hit = memo.entries.get(k);
  if (hit && now - hit.at < MEMO_MAX_AGE_MS) return hit.answer as Promise<T>;
  const answer = compute();
  const entry = { at: now, answer };
  memo.entries.set(k, entry);
  answer.catch(() => {
    if (memo.entries.get(k) === entry) memo.entries.delete(k);
  });
  return answer;
}
