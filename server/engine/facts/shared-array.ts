/** A typed-array class: constructible over a SharedArrayBuffer, with its element size. */
export type SharedView<T> = (new (buffer: SharedArrayBuffer) => T) & { BYTES_PER_ELEMENT: number };

/**
 * A zero-filled typed array of `length` elements (at least one) in a SharedArrayBuffer: what the
 * loader derives after a load (indexes, cells) crosses postMessage to every query worker without
 * a copy, so the process holds one.
 */
export function sharedArray<T>(View: SharedView<T>, length: number): T {
  return new View(new SharedArrayBuffer(Math.max(1, length) * View.BYTES_PER_ELEMENT));
}
