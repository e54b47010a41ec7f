/**
 * Per-address brake on failed sign-ins, in memory: the per-account lockout stops guessing one
 * password, this stops one address trying many usernames. A restart forgets it, which is fine
 * for a brake (the account lockout is persistent).
 */
export interface IpLimiter {
  /** True while the address has used up its failures for the current window. */
  blocked(ip: string, now: Date): boolean;
  recordFailure(ip: string, now: Date): void;
}

export const IP_MAX_FAILURES = 20;
export const IP_WINDOW_MS = 15 * 60 * 1000;
// Bounds the memory an attacker rotating addresses can make us hold.
const MAX_TRACKED = 10_000;

/** A fresh limiter (one per server, so tests do not share state). */
export function createIpLimiter(maxFailures = IP_MAX_FAILURES, windowMs = IP_WINDOW_MS): IpLimiter {
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (ip: string, now: Date) => {
    const w = windows.get(ip);
    if (!w || now.getTime() - w.start >= windowMs) return undefined;
    return w;
  };
  return {
    blocked(ip, now) {
      return (current(ip, now)?.failures ?? 0) >= maxFailures;
    },
    recordFailure(ip, now) {
      const w = current(ip, now);
      if (w) {
        w.failures += 1;
        return;
      }
      if (windows.size >= MAX_TRACKED) {
        for (const [key, value] of windows)
          if (now.getTime() - value.start >= windowMs) windows.delete(key);
        if (windows.size >= MAX_TRACKED) windows.clear();
      }
      windows.set(ip, { start: now.getTime(), failures: 1 });
    },
  };
}
