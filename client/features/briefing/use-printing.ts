import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';

/**
 * Whether the page is being printed (issue #14: the handout's charts were laid out for the window
 * and then scaled to the paper, so a large window printed 7 pt labels). The browser lays the
 * handout out right after `beforeprint` returns, so the switch renders inside `flushSync`: an
 * ordinary state update would land after the page was printed.
 */
let printing = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (printing === value) return;
  printing = value;
  for (const listener of listeners) listener();
}
const beforePrint = () => flushSync(() => set(true));
const afterPrint = () => set(false);

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    window.removeEventListener('beforeprint', beforePrint);
    window.removeEventListener('afterprint', afterPrint);
  };
}

/** True from `beforeprint` to `afterprint`. */
export function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => printing,
    () => false,
  );
}
