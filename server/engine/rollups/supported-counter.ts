import { quarterOfMonth } from '../../domain/jalali.ts';
import { SEL_ALL, SEL_CATEGORY, SEL_HEADING } from '../planner/rollup-catalog.ts';

interface Selection {
  kind: number;
  id: number;
}

export interface SupportedRangeRow {
  from_year: number;
  to_year: number;
  sel_kind: number;
  sel_id: number;
  province_id: number;
  sector_id: number;
  units: number;
}

export interface SupportedPeriodRow {
  year: number;
  period: number;
  sel_kind: number;
  sel_id: number;
  province_id: number;
  sector_id: number;
  units: number;
}

function bump(counts: Int32Array, i: number): void {
  counts[i] = (counts[i] ?? 0) + 1;
}

/**
 * Counts distinct supported units for every (from, to) range of the dataset's years, every Jalali
 * quarter and month, per heading selection (every heading, each category, each heading) and
 * (province, sector) cell. Fed one unit at a time: a unit's year bitmask per selection says in
 * which ranges it counts, exactly once, however many grants it had. A unit counts only where it
 * is counted in `units` (metrics.ts): in a range whose `to`, or a period whose year, holds its
 * employment row.
 */
export class SupportedCounter {
  readonly ranges: { from: number; to: number; mask: number; toBit: number }[] = [];
  private readonly selections: Selection[];
  private readonly cells: number;
  private readonly rangeCounts: Int32Array;
  private readonly quarterCounts: Int32Array;
  private readonly monthCounts: Int32Array;
  private readonly masks: Int32Array;
  private readonly touched: number[] = [];
  // The current unit's (year, quarter or month, selection) slots: a mark and the list of marked
  // ones (a Set per unit cost more than the counting).
  private readonly quarterMarks: Uint8Array;
  private readonly monthMarks: Uint8Array;
  private readonly quarterSeen: number[] = [];
  private readonly monthSeen: number[] = [];
  private readonly rangeMask: Int32Array;
  private readonly rangeToBit: Int32Array;

  constructor(
    private readonly yMin: number,
    private readonly nYears: number,
    private readonly provinceIds: number[],
    private readonly sectorIds: number[],
    categoryIds: number[],
    headingIds: number[],
    /** Count quarters and months too (periodRows); only the fine rollups need them. */
    private readonly periods = true,
  ) {
    this.selections = [
      { kind: SEL_ALL, id: 0 },
      ...categoryIds.map((id) => ({ kind: SEL_CATEGORY, id })),
      ...headingIds.map((id) => ({ kind: SEL_HEADING, id })),
    ];
    this.cells = this.selections.length * provinceIds.length * sectorIds.length;
    for (let a = 0; a < nYears; a++) {
      for (let z = a; z < nYears; z++) {
        this.ranges.push({
          from: yMin + a,
          to: yMin + z,
          mask: ((1 << (z + 1)) - 1) & ~((1 << a) - 1),
          toBit: 1 << z,
        });
      }
    }
    this.rangeMask = Int32Array.from(this.ranges, (r) => r.mask);
    this.rangeToBit = Int32Array.from(this.ranges, (r) => r.toBit);
    this.quarterMarks = new Uint8Array(nYears * 4 * this.selections.length);
    this.monthMarks = new Uint8Array(nYears * 12 * this.selections.length);
    this.rangeCounts = new Int32Array(this.ranges.length * this.cells);
    this.quarterCounts = new Int32Array(nYears * 4 * this.cells);
    this.monthCounts = new Int32Array(nYears * 12 * this.cells);
    this.masks = new Int32Array(this.selections.length);
  }

  /** One disbursed grant of the current unit; selections are positions (0 = every heading). */
  grant(selections: readonly number[], yearIdx: number, month: number): void {
    const nSel = this.selections.length;
    for (const sel of selections) {
      if (!this.masks[sel]) this.touched.push(sel);
      this.masks[sel] = (this.masks[sel] ?? 0) | (1 << yearIdx);
      if (!this.periods) continue;
      const q = (yearIdx * 4 + quarterOfMonth(month) - 1) * nSel + sel;
      if (!this.quarterMarks[q]) {
        this.quarterMarks[q] = 1;
        this.quarterSeen.push(q);
      }
      const m = (yearIdx * 12 + month - 1) * nSel + sel;
      if (!this.monthMarks[m]) {
        this.monthMarks[m] = 1;
        this.monthSeen.push(m);
      }
    }
  }

  /**
   * Ends the current unit, counting it once per range/period/selection in its cell.
   * `present`: bit y set when the unit has an employment row in year yMin + y.
   */
  endUnit(provinceIdx: number, sectorIdx: number, present: number): void {
    const ps = this.provinceIds.length * this.sectorIds.length;
    const cell = provinceIdx * this.sectorIds.length + sectorIdx;
    const nSel = this.selections.length;
    for (const sel of this.touched) {
      const mask = this.masks[sel] ?? 0;
      const at = sel * ps + cell;
      for (let r = 0; r < this.rangeMask.length; r++) {
        if (mask & (this.rangeMask[r] ?? 0) && present & (this.rangeToBit[r] ?? 0))
          bump(this.rangeCounts, r * this.cells + at);
      }
      this.masks[sel] = 0;
    }
    const presentIn = (k: number, per: number) => present & (1 << Math.floor(k / nSel / per));
    for (const k of this.quarterSeen) {
      if (presentIn(k, 4)) bump(this.quarterCounts, k * ps + cell);
      this.quarterMarks[k] = 0;
    }
    for (const k of this.monthSeen) {
      if (presentIn(k, 12)) bump(this.monthCounts, k * ps + cell);
      this.monthMarks[k] = 0;
    }
    this.touched.length = 0;
    this.quarterSeen.length = 0;
    this.monthSeen.length = 0;
  }

  /** Non-zero range counters as rows. */
  *rangeRows(): Generator<SupportedRangeRow> {
    for (const [bucket, cell, units] of this.nonZero(this.rangeCounts)) {
      const r = this.ranges[bucket];
      if (r) yield { from_year: r.from, to_year: r.to, ...this.cellColumns(cell), units };
    }
  }

  /** Non-zero quarter (per = 4) or month (per = 12) counters as rows. */
  *periodRows(per: 4 | 12): Generator<SupportedPeriodRow> {
    const counts = per === 4 ? this.quarterCounts : this.monthCounts;
    for (const [bucket, cell, units] of this.nonZero(counts)) {
      yield {
        year: this.yMin + Math.floor(bucket / per),
        period: (bucket % per) + 1,
        ...this.cellColumns(cell),
        units,
      };
    }
  }

  private *nonZero(counts: Int32Array): Generator<[number, number, number]> {
    for (let i = 0; i < counts.length; i++) {
      const v = counts[i] ?? 0;
      if (v > 0) yield [Math.floor(i / this.cells), i % this.cells, v];
    }
  }

  private cellColumns(i: number) {
    const ps = this.provinceIds.length * this.sectorIds.length;
    const sel = this.selections[Math.floor(i / ps)] ?? { kind: SEL_ALL, id: 0 };
    const rest = i % ps;
    return {
      sel_kind: sel.kind,
      sel_id: sel.id,
      province_id: this.provinceIds[Math.floor(rest / this.sectorIds.length)] ?? 0,
      sector_id: this.sectorIds[rest % this.sectorIds.length] ?? 0,
    };
  }
}
