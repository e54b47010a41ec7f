import { toLatinDigits } from '../../../server/domain/digits.ts';

/**
 * The presenter's keyboard map (pure, so it is tested without a browser).
 *
 * Direction: PageDown/Space/ArrowDown always go forward and PageUp/Shift+Space/ArrowUp back, so a
 * clicker works the same in both languages. The horizontal arrows follow the reading direction:
 * in Persian (RTL) the next slide lies to the left, so ← goes forward and → back, as when turning
 * the pages of a Persian book; in English → goes forward.
 */
export type KeyAction =
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'fullscreen' }
  | { type: 'exit' }
  | { type: 'auto' }
  | { type: 'print' }
  | { type: 'digit'; digit: string }
  | { type: 'jump' }
  | { type: 'erase' };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The action of a key press, or null when the presenter ignores it (the browser keeps it). */
export function keyAction(event: KeyInput, dir: 'rtl' | 'ltr'): KeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
  const backward = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
  switch (event.key) {
    case forward:
    case 'PageDown':
    case 'ArrowDown':
      return { type: 'next' };
    case backward:
    case 'PageUp':
    case 'ArrowUp':
      return { type: 'previous' };
    case ' ':
      return { type: event.shiftKey ? 'previous' : 'next' };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case 'Escape':
      return { type: 'exit' };
    case 'Enter':
      return { type: 'jump' };
    case 'Backspace':
      return { type: 'erase' };
  }
  // Letters by physical meaning in both layouts: F (Persian keyboard: ب), A (ش), P (ح).
  const letter = event.key.toLowerCase();
  if (letter === 'f' || letter === 'ب') return { type: 'fullscreen' };
  if (letter === 'a' || letter === 'ش') return { type: 'auto' };
  if (letter === 'p' || letter === 'ح') return { type: 'print' };
  const digit = toLatinDigits(event.key);
  if (/^\d$/.test(digit)) return { type: 'digit', digit };
  return null;
}

/** The slide index (0-based) a typed number jumps to, clamped to the deck; null if none typed. */
export function jumpTarget(typed: string, count: number): number | null {
  if (typed === '' || count === 0) return null;
  const n = Number(typed);
  if (!Number.isInteger(n)) return null;
  return Math.min(Math.max(n, 1), count) - 1;
}

/** Auto-advance intervals offered, in seconds. */
export const AUTO_INTERVALS = [5, 10, 15, 30, 60] as const;

/** The `auto=` parameter as an interval in seconds, or null when auto-advance is off. */
export function autoInterval(value: string | null): number | null {
  const n = Number(value);
  return (AUTO_INTERVALS as readonly number[]).includes(n) ? n : null;
}
