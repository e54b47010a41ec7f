/**
 * What every pass over the units checks per unit — its unit filters and the unit part of its
 * group key — as one object of a fixed shape and one small function (unitBase) the passes' loops
 * call: V8 inlines it, where the closures it replaces (one per filter set) were calls through a
 * polymorphic site. At `large` these loops visit a million units per question.
 */

import type { MemoryFacts } from '../facts/memory-facts.ts';
import type { Column } from '../sql/filter-sql.ts';

/** One unit column of the group key: its values per unit (null: the unit's own position). */
interface KeyPart {
  values: Int32Array | Uint8Array | null;
  stride: number;
  /** Park and cluster: position 0 is "none", a null key (the unit belongs to no group). */
  nullable: boolean;
}

export class UnitScan {
  constructor(
    readonly m: MemoryFacts,
    /** Per-position "allowed" flags of the unit filters, null for no restriction. */
    readonly province: Uint8Array | null,
    readonly park: Uint8Array | null,
    readonly cluster: Uint8Array | null,
    readonly sector: Uint8Array | null,
    /** The units to visit (ascending; posting lists), null for every unit. */
    readonly candidates: Int32Array | null,
    /** The key's unit columns: 0, 1 (most reads, read directly) or more (`parts`). */
    readonly nParts: number,
    readonly values: Int32Array | Uint8Array | null,
    readonly stride: number,
    readonly nullable: boolean,
    readonly parts: readonly KeyPart[],
  ) {}

  /** How many units a loop over `candidates` (or every unit) visits. */
  get length(): number {
    return this.candidates ? this.candidates.length : this.m.unitIds.length;
  }
}

/** The values of a unit column per unit (null for `unit`: its position). */
function valuesOf(m: MemoryFacts, column: Column): Int32Array | Uint8Array | null {
  switch (column) {
    case 'province':
      return m.province;
    case 'park':
      return m.park;
    case 'cluster':
      return m.cluster;
    case 'sector':
      return m.sector;
    default:
      return null;
  }
}

export function unitScan(
  m: MemoryFacts,
  flags: {
    province: Uint8Array | null;
    park: Uint8Array | null;
    cluster: Uint8Array | null;
    sector: Uint8Array | null;
  },
  candidates: Int32Array | null,
  unitParts: readonly { column: Column; stride: number }[],
): UnitScan {
  const parts = unitParts.map(({ column, stride }) => ({
    values: valuesOf(m, column),
    stride,
    nullable: column === 'park' || column === 'cluster',
  }));
  const [only] = parts;
  return new UnitScan(
    m,
    flags.province,
    flags.park,
    flags.cluster,
    flags.sector,
    candidates,
    parts.length,
    only?.values ?? null,
    only?.stride ?? 0,
    only?.nullable ?? false,
    parts,
  );
}

/** The unit at step k of a loop over the scan's units. */
export function unitAt(s: UnitScan, k: number): number {
  return s.candidates === null ? k : (s.candidates[k] ?? 0);
}

/**
 * The unit part of unit u's group key; -1 when u fails a unit filter or a grouped column is
 * null (no park, no cluster).
 */
export function unitBase(s: UnitScan, u: number): number {
  const m = s.m;
  if (s.province !== null && s.province[m.province[u] ?? 0] !== 1) return -1;
  if (s.park !== null && s.park[m.park[u] ?? 0] !== 1) return -1;
  if (s.cluster !== null && s.cluster[m.cluster[u] ?? 0] !== 1) return -1;
  if (s.sector !== null && s.sector[m.sector[u] ?? 0] !== 1) return -1;
  if (s.nParts === 0) return 0;
  if (s.nParts === 1) {
    if (s.values === null) return u * s.stride;
    const v = s.values[u] ?? 0;
    return s.nullable && v === 0 ? -1 : v * s.stride;
  }
  let key = 0;
  for (const part of s.parts) {
    const v = part.values === null ? u : (part.values[u] ?? 0);
    if (part.nullable && v === 0) return -1;
    key += v * part.stride;
  }
  return key;
}
