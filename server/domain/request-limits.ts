/**
 * Limits that keep one user from taking the service away from the others (issue #17). Shared by
 * the server, which enforces them, and the client, which stays inside them.
 */

/**
 * Calls one batched tRPC request may carry. The busiest page (headings: one breakdown per chunk
 * of headings, plus the page's summaries) sends fewer than 20; the client's batch link splits at
 * this size, so only a hand-made request meets the 413.
 */
export const MAX_BATCH_CALLS = 32;

/** Downloads one user may have running at once (a second tab, a retry); more answer 429. */
export const EXPORTS_PER_USER = 2;

/**
 * Downloads the server runs at once, everyone together: each list export holds one or two
 * worker threads and ~30 MB each, so more answer 503 with Retry-After rather than queue memory.
 */
export const EXPORTS_TOTAL = 4;

/** Seconds a refused download should wait before trying again (sent as Retry-After). */
export const EXPORT_RETRY_AFTER_SECONDS = 5;
