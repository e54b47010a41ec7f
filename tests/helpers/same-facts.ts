import { expect } from 'vitest';

/**
 * Deep equality of two fact sets (MemoryFacts, or any part of them) that compares typed arrays
 * as bytes. `toEqual` walks them one element at a time: the facts of a 160-unit dataset hold
 * 6.7M elements in their derived cells, about a minute per comparison on a loaded machine, which
 * timed tests out. Stricter than `toEqual`: the same keys, constructors and bytes.
 */
export function expectSameFacts(actual: unknown, expected: unknown, path = 'facts'): void {
  if (ArrayBuffer.isView(expected) || ArrayBuffer.isView(actual)) {
    if (!ArrayBuffer.isView(expected) || !ArrayBuffer.isView(actual)) {
      expect.fail(`${path}: one typed array, one not`);
    }
    expect(actual.constructor.name, path).toBe(expected.constructor.name);
    expect(actual.byteLength, `${path}.byteLength`).toBe(expected.byteLength);
    const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
    const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
    expect(a.equals(b), `${path}: bytes differ`).toBe(true);
    return;
  }
  if (expected instanceof Map || actual instanceof Map) {
    if (!(expected instanceof Map) || !(actual instanceof Map)) {
      expect.fail(`${path}: one Map, one not`);
    }
    expect([...actual.keys()], `${path} keys`).toEqual([...expected.keys()]);
    for (const [k, v] of expected) expectSameFacts(actual.get(k), v, `${path}[${String(k)}]`);
    return;
  }
  if (
    expected !== null &&
    actual !== null &&
    typeof expected === 'object' &&
    typeof actual === 'object'
  ) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(Array.isArray(expected));
    expect(Object.keys(actual).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) {
      expectSameFacts((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}
