/**
 * One page of a large list without sorting the list: the items at ranks offset .. offset+count-1
 * under `compare`, in that order. `compare` must be a strict total order (the caller breaks ties,
 * e.g. by id), so the page is the same whichever way it is found.
 *
 * Near either end (the first pages, the last) a bounded heap keeps the best `k` in O(n log k);
 * in the middle a quickselect places both page edges in O(n) expected. Either way only the page
 * itself is sorted. `heapLimit` is the largest heap (exposed so tests can force each way).
 */
export function selectPage(
  items: Int32Array,
  compare: (a: number, b: number) => number,
  offset: number,
  count: number,
  heapLimit = 4096,
): Int32Array {
  const n = items.length;
  const end = Math.min(n, offset + count);
  if (offset >= end) return new Int32Array(0);
  if (end <= heapLimit) return smallest(items, compare, end).subarray(offset);
  if (n - offset <= heapLimit) {
    // The last n - offset items: the largest under `compare`, then in its order.
    return smallest(items, (a, b) => compare(b, a), n - offset)
      .reverse()
      .subarray(0, end - offset);
  }
  const a = items.slice();
  nthElement(a, offset, 0, n - 1, compare);
  nthElement(a, end - 1, offset, n - 1, compare);
  return a.subarray(offset, end).sort(compare);
}

/** The k smallest items under `compare`, sorted (a max-heap of the best k seen so far). */
function smallest(items: Int32Array, compare: (a: number, b: number) => number, k: number) {
  const heap = new Int32Array(k);
  let size = 0;
  for (const item of items) {
    if (size < k) {
      // Sift up: the heap's root is its largest item.
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const p = heap[parent] ?? 0;
        if (compare(p, item) >= 0) break;
        heap[i] = p;
        i = parent;
      }
      heap[i] = item;
    } else if (compare(item, heap[0] ?? 0) < 0) {
      siftDown(heap, size, item, compare);
    }
  }
  return heap.subarray(0, size).sort(compare);
}

/** Puts `item` at the root of a max-heap of `size` items and sifts it down to its place. */
function siftDown(
  heap: Int32Array,
  size: number,
  item: number,
  compare: (a: number, b: number) => number,
): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && compare(heap[right] ?? 0, heap[child] ?? 0) > 0) child = right;
    const c = heap[child] ?? 0;
    if (compare(c, item) <= 0) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = item;
}

/**
 * Reorders a[lo..hi] so a[nth] is the item of that rank, smaller ones before it and larger ones
 * after (Hoare partitions around random pivots: expected linear whatever the input's order).
 */
function nthElement(
  a: Int32Array,
  nth: number,
  lo: number,
  hi: number,
  compare: (a: number, b: number) => number,
): void {
  while (hi - lo > 16) {
    const pivot = a[lo + Math.floor(Math.random() * (hi - lo + 1))] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (compare(a[i] ?? 0, pivot) < 0) i++;
      while (compare(a[j] ?? 0, pivot) > 0) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i++] = a[j] ?? 0;
        a[j--] = t;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and any item between them equals the pivot.
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
  // A short range: insertion sort.
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i] ?? 0;
    let j = i - 1;
    while (j >= lo && compare(a[j] ?? 0, v) > 0) {
      a[j + 1] = a[j] ?? 0;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * The same page when the order is by a small integer key (a rank, 0 ≤ key < keyCount) in either
 * direction, ties by ascending item index: a counting sort instead of comparisons. One pass
 * counts the keys, the ranks that hold the page are found from the counts, and a second pass
 * collects the items of those ranks in index order (so ties come out by index). At a million
 * items about two passes, whatever the items' order (a heap is slowest on an order that runs
 * against it, as codes in id order do for a descending sort).
 */
export function selectPageByKey(
  key: Int32Array,
  keyCount: number,
  order: 'asc' | 'desc',
  offset: number,
  count: number | null,
): Int32Array {
  const n = key.length;
  const end = count === null ? n : Math.min(n, offset + count);
  if (offset >= end) return new Int32Array(0);
  const counts = new Int32Array(keyCount);
  for (let i = 0; i < n; i++) {
    const k = key[i] ?? 0;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  // Walk the keys in the page's direction: `before` items precede the first key of the window.
  const step = order === 'asc' ? 1 : -1;
  let r = order === 'asc' ? 0 : keyCount - 1;
  let before = 0;
  while (before + (counts[r] ?? 0) <= offset) {
    before += counts[r] ?? 0;
    r += step;
  }
  const first = r;
  let through = before;
  for (; through < end; r += step) through += counts[r] ?? 0;
  const last = r - step;
  // Where each key of the window starts in the collected items (the window's keys in order).
  const lo = Math.min(first, last);
  const hi = Math.max(first, last);
  const start = new Int32Array(hi - lo + 1);
  let at = 0;
  for (let k = first; ; k += step) {
    start[k - lo] = at;
    at += counts[k] ?? 0;
    if (k === last) break;
  }
  const window = new Int32Array(at);
  for (let i = 0; i < n; i++) {
    const k = key[i] ?? 0;
    if (k < lo || k > hi) continue;
    const to = start[k - lo] ?? 0;
    window[to] = i;
    start[k - lo] = to + 1;
  }
  return window.subarray(offset - before, end - before);
}
