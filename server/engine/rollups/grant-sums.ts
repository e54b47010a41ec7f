/** Keys below this are summed in typed arrays (12 bytes a key); beyond, in a Map. */
const DENSE_LIMIT = 1 << 24;

/**
 * Grant counts and exact amounts by integer key (units and their employees too), for the rollup
 * pass: typed arrays indexed by the
 * key (at `large` a Map of objects cost a third of the pass's aggregation, and its garbage), a
 * cell's amount switching to bigint only if its total leaves 2^53.
 */
export class GrantSums {
  private counts = new Int32Array(1024);
  private amounts = new Float64Array(1024);
  /** Cells whose total left 2^53 (their `amounts` slot is NaN). */
  private readonly spilled = new Map<number, bigint>();
  /** Keys past DENSE_LIMIT: [count, amount]. */
  private readonly sparse = new Map<number, [number, number | bigint]>();

  add(key: number, amount: number): void {
    if (key >= DENSE_LIMIT) {
      this.addSparse(key, amount);
      return;
    }
    if (key >= this.counts.length) this.grow(key);
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    const before = this.amounts[key] ?? 0;
    const next = before + amount;
    if (Number.isSafeInteger(next)) {
      this.amounts[key] = next;
      return;
    }
    const big = Number.isNaN(before) ? (this.spilled.get(key) ?? 0n) : BigInt(before);
    this.spilled.set(key, big + BigInt(amount));
    this.amounts[key] = Number.NaN;
  }

  private addSparse(key: number, amount: number): void {
    const cell = this.sparse.get(key) ?? [0, 0];
    cell[0]++;
    const next = typeof cell[1] === 'number' ? cell[1] + amount : Number.NaN;
    cell[1] = Number.isSafeInteger(next) ? next : BigInt(cell[1]) + BigInt(amount);
    this.sparse.set(key, cell);
  }

  private grow(key: number): void {
    let size = this.counts.length;
    while (size <= key) size *= 2;
    size = Math.min(size, DENSE_LIMIT);
    const counts = new Int32Array(size);
    counts.set(this.counts);
    const amounts = new Float64Array(size);
    amounts.set(this.amounts);
    this.counts = counts;
    this.amounts = amounts;
  }

  /** Every key with a grant: [key, grants, amount]. */
  *cells(): Generator<[number, number, number | bigint]> {
    const { counts, amounts } = this;
    for (let key = 0; key < counts.length; key++) {
      const n = counts[key] ?? 0;
      if (n === 0) continue;
      const amount = amounts[key] ?? 0;
      yield [key, n, Number.isNaN(amount) ? (this.spilled.get(key) ?? 0n) : amount];
    }
    for (const [key, [n, amount]] of this.sparse) yield [key, n, amount];
  }
}
