import { describe, expect, it } from 'vitest';
import { GrantSums } from '../../server/engine/rollups/grant-sums.ts';

// The rollup pass's grant sums: counts and amounts exact to the rial, whatever the key.

const MAX = Number.MAX_SAFE_INTEGER;

describe('grant sums', () => {
  it('count and add exactly, switching a cell to bigint only when it leaves 2^53', () => {
    const sums = new GrantSums();
    sums.add(3, MAX);
    sums.add(3, MAX);
    sums.add(3, 5);
    sums.add(7, 10);
    sums.add(7, 20);
    expect([...sums.cells()]).toEqual([
      [3, 3, 2n * BigInt(MAX) + 5n],
      [7, 2, 30],
    ]);
  });

  it('keep far keys (past the dense range and past growth) as exact as near ones', () => {
    const sums = new GrantSums();
    const far = 2 ** 24 + 11;
    sums.add(far, MAX);
    sums.add(far, 1);
    sums.add(5000, 1);
    sums.add(70_000, 2);
    sums.add(0, 0);
    expect([...sums.cells()]).toEqual([
      [0, 1, 0],
      [5000, 1, 1],
      [70_000, 1, 2],
      [far, 2, BigInt(MAX) + 1n],
    ]);
  });
});
