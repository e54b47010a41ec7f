/** A held slot; `release` is idempotent. */
export interface Slot {
  release(): void;
}

export type SlotRefusal = 'user' | 'total';

/**
 * Counts work in progress per user and in all, refusing (not queueing) past either limit: a
 * refused client is told to retry, while a queue would hold its socket and memory meanwhile.
 */
export function createSlots(limits: { perUser: number; total: number }) {
  const byUser = new Map<string, number>();
  let total = 0;
  return {
    /** A slot, or which limit refused it. */
    acquire(user: string): Slot | SlotRefusal {
      const mine = byUser.get(user) ?? 0;
      if (mine >= limits.perUser) return 'user';
      if (total >= limits.total) return 'total';
      byUser.set(user, mine + 1);
      total++;
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          total--;
          const left = (byUser.get(user) ?? 1) - 1;
          if (left > 0) byUser.set(user, left);
          else byUser.delete(user);
        },
      };
    },
    limits,
    /** Slots held now (bench and tests read it). */
    inUse: () => total,
  };
}

export type Slots = ReturnType<typeof createSlots>;
