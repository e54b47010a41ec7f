import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { isDatabaseBusy } from '../db/busy.ts';
import type { Database } from '../db/schema.ts';

/**
 * The import lease (issue #17): at most one import writes at a time, whichever process runs it —
 * the server (HTTP), `npm run import`, or any of several app servers on one PostgreSQL. It lives
 * in the database (table `leases`, migration 0008), so every writer sees the same holder; the
 * holder renews it while it works, and one that dies (kill -9, a lost host) stops renewing, so
 * the lease expires after LEASE_TTL_MS and the next import may start.
 *
 * On SQLite an import holds the write lock for its whole transaction, so nobody can even write
 * the lease row meanwhile: an acquire that meets the lock is refused like a held lease (holder
 * unknown), and the holder's own renewals simply wait for its commit — nobody can take the
 * lease from it before then either.
 */

const LEASE = 'import';

/** How long a lease lasts without renewal: what a dead holder costs the next import. */
export const LEASE_TTL_MS = 60_000;
/** Renewal period: several renewals fit in one TTL, so a slow one does not lose the lease. */
export const LEASE_RENEW_MS = 15_000;

export interface LeaseHolderInfo {
  label: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface HeldLease {
  readonly token: string;
  /** Pushes the expiry forward; false when the lease was lost (expired and taken). */
  renew(): Promise<boolean>;
  /** Gives the lease up (only if still ours) and stops renewing; a second call does nothing. */
  release(): Promise<void>;
}

export type LeaseAttempt =
  | { acquired: true; lease: HeldLease }
  /** Refused: `holder` is the current holder, or null when an import's transaction held the
   *  database's write lock (SQLite), so the row could not be read for writing. */
  | { acquired: false; holder: LeaseHolderInfo | null };

export interface LeaseOptions {
  /** The clock (tests move it to expire a lease without waiting). */
  now?: () => Date;
  ttlMs?: number;
  /** Renew in the background every this many ms (0: never; the caller renews). */
  renewEveryMs?: number;
}

/** A label naming the process: "admin over HTTP on host:pid". */
export function leaseLabel(who: string): string {
  return `${who} on ${hostname()}:${process.pid}`.slice(0, 200);
}

/**
 * Takes the import lease if it is free or expired, in one statement (an upsert whose update only
 * applies to an expired row), then reads who holds it: two processes racing both run the upsert,
 * and the database lets exactly one token in.
 */
export async function acquireImportLease(
  db: Kysely<Database>,
  label: string,
  options: LeaseOptions = {},
): Promise<LeaseAttempt> {
  const now = options.now ?? (() => new Date());
  const ttl = options.ttlMs ?? LEASE_TTL_MS;
  const token = randomUUID();
  const at = now();
  const row = {
    name: LEASE,
    holder: token,
    label: label.slice(0, 200),
    acquired_at: at.toISOString(),
    expires_at: new Date(at.getTime() + ttl).toISOString(),
  };
  try {
    await db
      .insertInto('leases')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            holder: row.holder,
            label: row.label,
            acquired_at: row.acquired_at,
            expires_at: row.expires_at,
          })
          .where('leases.expires_at', '<', row.acquired_at),
      )
      .execute();
  } catch (error) {
    if (isDatabaseBusy(error)) return { acquired: false, holder: null };
    throw error;
  }
  const current = await db
    .selectFrom('leases')
    .selectAll()
    .where('name', '=', LEASE)
    .executeTakeFirst();
  if (!current || current.holder !== token) {
    return {
      acquired: false,
      holder: current
        ? { label: current.label, acquiredAt: current.acquired_at, expiresAt: current.expires_at }
        : null,
    };
  }
  return { acquired: true, lease: heldLease(db, token, now, ttl, options.renewEveryMs ?? 0) };
}

function heldLease(
  db: Kysely<Database>,
  token: string,
  now: () => Date,
  ttl: number,
  renewEveryMs: number,
): HeldLease {
  let timer: NodeJS.Timeout | null = null;
  let released = false;
  const lease: HeldLease = {
    token,
    async renew() {
      try {
        const result = await db
          .updateTable('leases')
          .set({ expires_at: new Date(now().getTime() + ttl).toISOString() })
          .where('name', '=', LEASE)
          .where('holder', '=', token)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      } catch (error) {
        // Our own import's transaction holds SQLite's write lock: nobody else can take the
        // lease meanwhile either, so it is still ours.
        if (isDatabaseBusy(error)) return true;
        throw error;
      }
    },
    async release() {
      if (released) return;
      released = true;
      if (timer) clearInterval(timer);
      timer = null;
      // Right after a commit another writer may hold the lock for a moment: retry briefly; if
      // it never frees, the lease expires by itself.
      for (let attempt = 0; ; attempt++) {
        try {
          await db
            .deleteFrom('leases')
            .where('name', '=', LEASE)
            .where('holder', '=', token)
            .execute();
          return;
        } catch (error) {
          if (!isDatabaseBusy(error) || attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
  };
  if (renewEveryMs > 0) {
    timer = setInterval(() => {
      lease
        .renew()
        .catch((error: unknown) => console.error('[import-lease] renewal failed:', error));
    }, renewEveryMs);
    timer.unref();
  }
  return lease;
}

/** Who holds the import lease now (expired or not), or null. */
export async function importLeaseHolder(db: Kysely<Database>): Promise<LeaseHolderInfo | null> {
  const row = await db
    .selectFrom('leases')
    .selectAll()
    .where('name', '=', LEASE)
    .executeTakeFirst();
  return row ? { label: row.label, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : null;
}
