import { num } from '../sql/metric-sql.ts';
import { densePositions, sizeIdOfEmployees, type ReferenceMaps } from './reference-lookup.ts';
import type { FactColumns, Postings } from './memory-facts.ts';

/**
 * Single amounts must be exact as doubles (at most 2^53 − 1, as the JavaScript number the driver
 * hands over): group totals add them exactly, spilling to bigint (memory-aggregate.ts).
 */
const MAX_SINGLE_AMOUNT = Number.MAX_SAFE_INTEGER;

/** Whether the facts hold a disbursed amount exactly (else they are not built: SQL answers). */
export function factsHoldAmount(amount: number): boolean {
  return Number.isInteger(amount) && amount >= 0 && amount <= MAX_SINGLE_AMOUNT;
}
/** The facts keep positions in bytes and years in a byte. */
const MAX_YEARS = 250;
const MAX_BYTE_POSITIONS = 255;

/** The posting lists of one unit column (a counting sort, in shared memory like the columns). */
function postingsOf(column: Int32Array | Uint8Array, radix: number): Postings {
  const offsets = new Int32Array(new SharedArrayBuffer((radix + 1) * 4));
  for (const v of column) offsets[v + 1] = (offsets[v + 1] ?? 0) + 1;
  for (let v = 0; v < radix; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0);
  const next = offsets.slice(0, radix);
  const units = new Int32Array(new SharedArrayBuffer(column.length * 4));
  column.forEach((v, u) => {
    units[next[v] ?? 0] = u;
    next[v] = (next[v] ?? 0) + 1;
  });
  return { offsets, units };
}

type Typed = Int32Array | Uint8Array | Float64Array;

/** Growable typed column (the row counts are known only after the scan). */
class Column<T extends Typed> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const int32 = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));
const uint8 = () => new Column(new Uint8Array(1024), (n) => new Uint8Array(n));
const float64 = () => new Column(new Float64Array(1024), (n) => new Float64Array(n));

/**
 * The column copied into memory every thread can map: a SharedArrayBuffer crosses postMessage
 * without a copy, so one load serves every query worker (worker-pool.ts).
 */
function shared<T extends Typed>(column: T, View: new (buffer: SharedArrayBuffer) => T): T {
  const out = new View(new SharedArrayBuffer(column.length * column.BYTES_PER_ELEMENT));
  out.set(column);
  return out;
}

/**
 * Builds MemoryFacts from rows fed in unit-id order: `unit`, then that unit's employment rows and
 * disbursed grants, then the next unit. The facts load feeds it (memory-facts.ts), and so does
 * the rollup rebuild, which reads the same rows anyway (rollup-pass.ts): one read, two results.
 */
export class FactsBuilder {
  private readonly provinces;
  private readonly sectors;
  private readonly headings;
  private readonly categories;
  private readonly parkIndex = new Map<number, number>();
  private readonly clusterIndex = new Map<number, number>();
  private readonly parkIds: number[] = [];
  private readonly clusterIds: number[] = [];
  private readonly unitIds = int32();
  private readonly province = uint8();
  private readonly park = int32();
  private readonly cluster = int32();
  private readonly sector = uint8();
  private readonly employees = int32();
  private readonly grantStart = int32();
  private readonly grantHeading = uint8();
  private readonly grantYear = uint8();
  private readonly grantMonth = uint8();
  private readonly grantAmount = float64();
  private readonly yearRow: Int32Array;
  private open = false;
  /** False once a fact does not fit (an amount past 2^53 − 1): finish() then gives null. */
  exact = true;

  /** Null when the facts cannot hold this data (too many years or reference members). */
  static create(refs: ReferenceMaps, yMin: number, nYears: number): FactsBuilder | null {
    if (nYears > MAX_YEARS) return null;
    const builder = new FactsBuilder(refs, yMin, nYears);
    const { provinces, sectors, headings } = builder;
    const wide = [provinces, sectors, headings].some((p) => p.ids.length > MAX_BYTE_POSITIONS);
    return wide ? null : builder;
  }

  private constructor(
    private readonly refs: ReferenceMaps,
    readonly yMin: number,
    readonly nYears: number,
  ) {
    this.provinces = densePositions(refs.provinces.byId.keys());
    this.sectors = densePositions(refs.sectors.byId.keys());
    this.headings = densePositions(refs.headings.byId.keys());
    this.categories = densePositions(refs.categories.byId.keys());
    this.yearRow = new Int32Array(nYears).fill(-1);
  }

  private positionOf(id: unknown, index: Map<number, number>, list: number[]): number {
    if (id === null || id === undefined) return 0;
    const n = num(id);
    let p = index.get(n);
    if (p === undefined) {
      list.push(n);
      p = list.length;
      index.set(n, p);
    }
    return p;
  }

  /** Starts the next unit (ids ascending); ends the previous one. */
  unit(id: unknown, provinceId: unknown, parkId: unknown, clusterId: unknown, sectorId: unknown) {
    this.endUnit();
    this.open = true;
    this.unitIds.push(num(id));
    this.province.push(this.provinces.index.get(num(provinceId)) ?? 0);
    this.park.push(this.positionOf(parkId, this.parkIndex, this.parkIds));
    this.cluster.push(this.positionOf(clusterId, this.clusterIndex, this.clusterIds));
    this.sector.push(this.sectors.index.get(num(sectorId)) ?? 0);
    this.grantStart.push(this.grantAmount.length);
  }

  /** An employment row of the current unit. */
  employment(year: number, employees: number): void {
    this.yearRow[year - this.yMin] = employees;
  }

  /** A disbursed grant of the current unit. */
  grant(headingId: unknown, year: number, month: number, disbursed: unknown): void {
    const amount = disbursed === null ? 0 : num(disbursed);
    if (!factsHoldAmount(amount)) {
      this.exact = false;
      return;
    }
    this.grantHeading.push(this.headings.index.get(num(headingId)) ?? 0);
    this.grantYear.push(year - this.yMin);
    this.grantMonth.push(month);
    this.grantAmount.push(amount);
  }

  private endUnit(): void {
    if (!this.open) return;
    for (let y = 0; y < this.nYears; y++) this.employees.push(this.yearRow[y] ?? -1);
    this.yearRow.fill(-1);
    this.open = false;
  }

  /** The facts, in shared memory (withUnitOrder adds the ranks); null when one did not fit. */
  finish(): FactColumns | null {
    this.endUnit();
    if (!this.exact) return null;
    const { provinces, sectors, headings, categories, refs } = this;
    this.grantStart.push(this.grantAmount.length);
    const emp = shared(this.employees.done(), Int32Array);
    const size = new Uint8Array(new SharedArrayBuffer(emp.length));
    for (let i = 0; i < emp.length; i++) {
      const n = emp[i] ?? -1;
      size[i] = n < 0 ? 0 : sizeIdOfEmployees(n);
    }
    const provinceColumn = shared(this.province.done(), Uint8Array);
    const parkColumn = shared(this.park.done(), Int32Array);
    const clusterColumn = shared(this.cluster.done(), Int32Array);
    const sectorColumn = shared(this.sector.done(), Uint8Array);
    return {
      yMin: this.yMin,
      nYears: this.nYears,
      unitIds: shared(this.unitIds.done(), Int32Array),
      province: provinceColumn,
      park: parkColumn,
      cluster: clusterColumn,
      sector: sectorColumn,
      byProvince: postingsOf(provinceColumn, provinces.ids.length),
      byPark: postingsOf(parkColumn, this.parkIds.length + 1),
      byCluster: postingsOf(clusterColumn, this.clusterIds.length + 1),
      bySector: postingsOf(sectorColumn, sectors.ids.length),
      employees: emp,
      size,
      grantStart: shared(this.grantStart.done(), Int32Array),
      grantHeading: shared(this.grantHeading.done(), Uint8Array),
      grantYear: shared(this.grantYear.done(), Uint8Array),
      grantMonth: shared(this.grantMonth.done(), Uint8Array),
      grantAmount: shared(this.grantAmount.done(), Float64Array),
      provinces,
      sectors,
      headings,
      categories,
      categoryOfHeading: shared(
        Int32Array.from(
          headings.ids,
          (h) => categories.index.get(refs.categoryOfHeading.get(h) ?? -1) ?? 0,
        ),
        Int32Array,
      ),
      parkIds: this.parkIds,
      clusterIds: this.clusterIds,
      parkIndex: this.parkIndex,
      clusterIndex: this.clusterIndex,
    };
  }
}
