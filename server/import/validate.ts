// Turns a file's text cells into typed rows ready for the database, reporting every problem
// with its row, column and value. One validator per file part; it keeps no per-row state
// beyond the row being read, so memory stays flat however long the file is.
import { searchKey } from '../domain/digits.ts';
import { METRIC_DEFS } from '../domain/metrics.ts';
import {
  ALL_SUPPORT_WORDS,
  ANY,
  isPlanMetric,
  NATIONAL_WORDS,
  targetCode,
} from '../domain/plan.ts';
import type { Lookups } from './lookups.ts';
import type { IssueCode, IssueParams } from './messages.ts';
import {
  isBlank,
  normaliseCode,
  normaliseText,
  parseBool,
  parseDate,
  parseWholeNumber,
  type ParsedDate,
} from './normalise.ts';
import type { IssueCollector, IssueLocation } from './report.ts';
import {
  TARGET_METRICS,
  YEAR_MAX,
  YEAR_MIN,
  type ColumnDef,
  type EntityTemplate,
} from './templates.ts';
import type { PendingRow } from './write-specs.ts';

/** Header text as compared: "Name FA", "name_fa" and "نام فارسی" all match their column. */
function headerKey(text: string): string {
  return searchKey(text).replace(/[\s_-]+/g, '_');
}

/**
 * Maps a header row onto a template: the cell index of each template column (-1 when absent).
 * Reports unknown, repeated and missing required columns; returns null when a required
 * column is missing (the rows cannot be read).
 */
export function mapHeader(
  template: EntityTemplate,
  header: readonly string[],
  at: IssueLocation,
  issues: IssueCollector,
): number[] | null {
  const byKey = new Map<string, number>();
  for (const [i, c] of template.columns.entries()) {
    byKey.set(headerKey(c.key), i);
    byKey.set(headerKey(c.labelFa), i);
  }
  const index = template.columns.map(() => -1);
  for (const [cell, text] of header.entries()) {
    if (isBlank(text)) continue;
    const col = byKey.get(headerKey(text));
    if (col === undefined) {
      issues.add(at, 1, null, text, 'unknown_column', {
        allowed: template.columns.map((c) => c.key),
      });
      continue;
    }
    if (index[col] !== -1) {
      issues.add(at, 1, template.columns[col]?.key ?? null, text, 'duplicate_column');
      continue;
    }
    index[col] = cell;
  }
  let complete = true;
  for (const [i, c] of template.columns.entries()) {
    if (c.required && index[i] === -1) {
      issues.add(at, 1, c.key, null, 'missing_column');
      complete = false;
    }
  }
  return complete ? index : null;
}

/** How well a header fits a template: -1 if a required column is missing, else matched columns. */
export function headerFit(template: EntityTemplate, header: readonly string[]): number {
  const keys = new Set(header.filter((h) => !isBlank(h)).map(headerKey));
  let matched = 0;
  for (const c of template.columns) {
    const has = keys.has(headerKey(c.key)) || keys.has(headerKey(c.labelFa));
    if (has) matched++;
    else if (c.required) return -1;
  }
  return matched === keys.size ? matched : matched - (keys.size - matched);
}

const INVALID = Symbol('invalid');
type Parsed = string | number | boolean | null | undefined | ParsedDate | typeof INVALID;

/** Validates one data row; returns the row to write, or null when it has problems. */
export type RowValidator = (cells: readonly string[], row: number) => PendingRow | null;

/**
 * Builds the validator of one file part. `columnIndex` comes from mapHeader; lookups resolve
 * provinces, sectors and codes of other entities (and are extended by the caller as rows land).
 */
export function createValidator(
  template: EntityTemplate,
  columnIndex: readonly number[],
  headerWidth: number,
  lookups: Lookups,
  issues: IssueCollector,
  at: IssueLocation,
): RowValidator {
  const columns = template.columns;
  const p: Parsed[] = new Array<Parsed>(columns.length).fill(null);
  const raw: string[] = new Array<string>(columns.length).fill('');
  const position = new Map(columns.map((c, i) => [c.key, i]));
  let row = 0;
  let bad = false;

  const report = (col: number, code: IssueCode, params: IssueParams = {}): typeof INVALID => {
    issues.add(at, row, columns[col]?.key ?? null, raw[col] ?? null, code, params);
    bad = true;
    return INVALID;
  };
  const ctx: AssembleContext = {
    lookups,
    rowIssue(code, column, params = {}) {
      issues.add(at, row, column, raw[position.get(column) ?? -1] ?? '', code, params);
      bad = true;
    },
    raw: (key) => raw[position.get(key) ?? -1] ?? '',
    bad: () => bad,
  };
  const parsers = columns.map((c, i) => parserFor(c, i, lookups, report));
  const assemble = ASSEMBLERS[template.entity];
  const isEmployment = template.entity === 'employment';

  return (cells, rowNumber) => {
    row = rowNumber;
    bad = false;
    for (let i = headerWidth; i < cells.length; i++) {
      if (!isBlank(cells[i] ?? '')) {
        issues.add(at, row, null, cells.join(', ').slice(0, 200), 'too_many_cells');
        bad = true;
        break;
      }
    }
    for (let i = 0; i < columns.length; i++) {
      const ci = columnIndex[i] ?? -1;
      const text = ci >= 0 ? (cells[ci] ?? '') : '';
      raw[i] = text;
      if (isBlank(text)) p[i] = columns[i]?.required ? report(i, 'required') : null;
      else p[i] = (parsers[i] as (t: string) => Parsed)(text);
    }
    const values = assemble(p, ctx);
    if (bad || values === null) return null;
    const label = isEmployment ? `${raw[0] ?? ''} / ${raw[1] ?? ''}` : String(values[1]);
    return { values, row, label, outcome: 'inserted' };
  };
}

type Report = (col: number, code: IssueCode, params?: IssueParams) => typeof INVALID;

function parserFor(
  c: ColumnDef,
  i: number,
  lookups: Lookups,
  report: Report,
): (text: string) => Parsed {
  switch (c.type) {
    case 'code':
      return (t) => normaliseCode(t);
    case 'text':
      return (t) => normaliseText(t);
    case 'year':
      return (t) => {
        const n = parseWholeNumber(t);
        if (Number.isNaN(n)) return report(i, 'not_number');
        if (n < YEAR_MIN || n > YEAR_MAX)
          return report(i, 'year_range', { min: YEAR_MIN, max: YEAR_MAX });
        return n;
      };
    case 'count':
    case 'amount':
    case 'quantity':
      return (t) => {
        const n = parseWholeNumber(t);
        if (Number.isNaN(n)) return report(i, 'not_number');
        if (n < 0) return report(i, 'negative');
        if (!Number.isFinite(n) || (c.type === 'count' && n > 2_147_483_647))
          return report(i, 'too_large');
        return n;
      };
    case 'date':
      return (t) => {
        const d = parseDate(t);
        if (d === 'format') return report(i, 'bad_date_format');
        if (d === 'invalid') return report(i, 'bad_date');
        return d;
      };
    case 'enum': {
      const values = c.values ?? [];
      const map = new Map<string, string>();
      for (const v of values) {
        map.set(searchKey(v.value), v.value);
        map.set(searchKey(v.fa), v.value);
        for (const also of v.alsoFa ?? []) map.set(searchKey(also), v.value);
      }
      const allowed = values.map((v) => v.value);
      const allowedFa = values.map((v) => v.fa);
      // exact spellings first: searchKey's regexes are the slow path on millions of rows
      for (const v of values) map.set(v.value, v.value);
      return (t) =>
        map.get(t) ?? map.get(searchKey(t)) ?? report(i, 'bad_enum', { allowed, allowedFa });
    }
    case 'bool':
      return (t) => parseBool(searchKey(t)) ?? report(i, 'bad_bool');
    case 'province':
      return (t) =>
        lookups.provinceByKey.get(t) ??
        lookups.provinceByKey.get(searchKey(t)) ??
        report(i, 'unknown_province');
    case 'sector':
      return (t) =>
        lookups.sectorByKey.get(t) ??
        lookups.sectorByKey.get(searchKey(t)) ??
        report(i, 'unknown_sector');
    case 'ref':
      return (t) => normaliseCode(t);
    case 'place': {
      const national = new Set(NATIONAL_WORDS.map(searchKey));
      // 0 stands for the whole country (stored as a null province)
      return (t) => {
        const key = searchKey(t);
        if (national.has(key)) return 0;
        return (
          lookups.provinceByKey.get(t) ??
          lookups.provinceByKey.get(key) ??
          report(i, 'unknown_place')
        );
      };
    }
    case 'support': {
      const all = new Set(ALL_SUPPORT_WORDS.map(searchKey));
      // the category's or heading's code, or ANY for every heading
      return (t) => {
        const key = searchKey(t);
        if (all.has(key)) return ANY;
        const heading = normaliseCode(t).toUpperCase();
        if (lookups.headingByCode.has(heading)) return heading;
        return lookups.categoryByKey.get(key) ?? report(i, 'unknown_support');
      };
    }
  }
}

interface AssembleContext {
  lookups: Lookups;
  rowIssue(code: IssueCode, column: string, params?: IssueParams): void;
  raw(key: string): string;
  bad(): boolean;
}

type Assembler = (p: readonly Parsed[], ctx: AssembleContext) => unknown[] | null;

const num = (v: Parsed): number | null => (typeof v === 'number' ? v : null);
const str = (v: Parsed): string => (typeof v === 'string' ? v : '');
const date = (v: Parsed): ParsedDate | null => (v !== null && typeof v === 'object' ? v : null);

/** Resolves a park or cluster code of a unit row, checking it lies in the unit's province. */
function place(
  code: Parsed,
  map: Lookups['parkByCode'],
  provinceId: Parsed,
  column: 'park' | 'cluster',
  ctx: AssembleContext,
): number | null {
  if (typeof code !== 'string' || code === '') return null;
  const ref = map.get(code);
  if (!ref) {
    ctx.rowIssue(column === 'park' ? 'unknown_park' : 'unknown_cluster', column);
    return null;
  }
  if (typeof provinceId === 'number' && ref.provinceId !== provinceId && ref.id !== -1) {
    ctx.rowIssue('province_mismatch', column, {
      other: ctx.lookups.provinceCode.get(ref.provinceId) ?? '',
    });
  }
  return ref.id;
}

function renameAssembler(idByCode: (l: Lookups) => Map<string, number>): Assembler {
  return (p, ctx) => {
    const code = str(p[0]);
    const id = idByCode(ctx.lookups).get(code);
    if (id === undefined && code !== '') ctx.rowIssue('unknown_reference_code', 'code');
    return [id ?? 0, code, str(p[1]), str(p[2])];
  };
}

// Template column order → table values (see WRITE_SPECS); cross-column rules live here.
const ASSEMBLERS: Record<EntityTemplate['entity'], Assembler> = {
  provinces: renameAssembler((l) => l.provinceIdByCode),
  sectors: renameAssembler((l) => l.sectorIdByCode),
  headings: (p, ctx) => {
    const code = str(p[0]).toUpperCase();
    const id = ctx.lookups.headingByCode.get(code);
    if (id === undefined && code !== '') ctx.rowIssue('unknown_reference_code', 'code');
    return [id ?? 0, code, str(p[1]), str(p[2])];
  },
  // code, name_fa, name_en, province, kind, status, established_year
  parks: (p, ctx) => {
    const code = str(p[0]);
    if (ctx.bad() && code !== '' && !ctx.lookups.parkByCode.has(code))
      ctx.lookups.parkByCode.set(code, { id: -1, provinceId: num(p[3]) ?? -1 });
    return [0, code, p[3], p[4], p[5], num(p[6]), str(p[1]), str(p[2]) || str(p[1])];
  },
  // code, name_fa, name_en, province, sector, product_fa, product_en, stage, identified_year, completed_year
  clusters: (p, ctx) => {
    const code = str(p[0]);
    const identified = num(p[8]);
    const completed = num(p[9]);
    if (identified !== null && completed !== null && completed < identified)
      ctx.rowIssue('completed_before_identified', 'completed_year', { other: String(identified) });
    if (ctx.bad() && code !== '' && !ctx.lookups.clusterByCode.has(code))
      ctx.lookups.clusterByCode.set(code, { id: -1, provinceId: num(p[3]) ?? -1 });
    return [
      0,
      code,
      p[3],
      p[4],
      str(p[1]),
      str(p[2]) || str(p[1]),
      str(p[5]),
      str(p[6]) || str(p[5]),
      p[7],
      identified,
      completed,
    ];
  },
  // code, name_fa, province, park, cluster, sector, status, exporter, licence_year
  units: (p, ctx) => {
    const code = str(p[0]);
    const park = place(p[3], ctx.lookups.parkByCode, p[2], 'park', ctx);
    const cluster = place(p[4], ctx.lookups.clusterByCode, p[2], 'cluster', ctx);
    if (park === -1 || cluster === -1) return null;
    if (ctx.bad() && code !== '' && !ctx.lookups.unitByCode.has(code))
      ctx.lookups.unitByCode.set(code, -1);
    return [0, code, str(p[1]), p[2], park, cluster, p[5], p[6], p[7] === true ? 1 : 0, num(p[8])];
  },
  // unit, year, employees
  employment: (p, ctx) => {
    const unit = unitId(p[0], ctx);
    if (unit === -1) return null;
    return [unit, p[1], p[2]];
  },
  // code, unit, heading, status, applied_on, disbursed_on, requested, approved, disbursed
  grants: (p, ctx) => {
    const unit = unitId(p[1], ctx);
    let heading: number | null = null;
    if (typeof p[2] === 'string') {
      heading = ctx.lookups.headingByCode.get(p[2].toUpperCase()) ?? null;
      if (heading === null) ctx.rowIssue('unknown_heading', 'heading');
    }
    const status = p[3];
    const applied = date(p[4]);
    const disbursedOn = date(p[5]);
    const approved = num(p[7]);
    const disbursed = num(p[8]);
    if (status === 'disbursed') {
      if (p[5] === null) ctx.rowIssue('disbursed_needs_date', 'disbursed_on');
      if (p[8] === null) ctx.rowIssue('disbursed_needs_amount', 'disbursed_amount');
    }
    if (approved !== null && disbursed !== null && disbursed > approved)
      ctx.rowIssue('disbursed_above_approved', 'disbursed_amount', { other: String(approved) });
    if (applied && disbursedOn && disbursedOn.iso < applied.iso)
      ctx.rowIssue('disbursed_before_applied', 'disbursed_on', { other: ctx.raw('applied_on') });
    const when = status === 'disbursed' && disbursedOn ? disbursedOn : applied;
    const whenColumn = when === disbursedOn ? 'disbursed_on' : 'applied_on';
    if (when && (when.jalaliYear < YEAR_MIN || when.jalaliYear > YEAR_MAX))
      ctx.rowIssue('year_range', whenColumn, { min: YEAR_MIN, max: YEAR_MAX });
    if (unit === -1) return null;
    return [
      0,
      str(p[0]),
      unit,
      heading,
      when?.jalaliYear ?? 0,
      when?.jalaliMonth ?? 0,
      applied?.iso ?? '',
      disbursedOn?.iso ?? null,
      num(p[6]),
      approved,
      disbursed,
      status,
    ];
  },
  // year, province (0: the whole country), support (code or ANY), metric, value
  targets: (p, ctx) => {
    const year = num(p[0]);
    const place = num(p[1]);
    const support = typeof p[2] === 'string' ? p[2] : ANY;
    const metric = str(p[3]);
    if (isPlanMetric(metric) && !METRIC_DEFS[metric].usesSupportFilter && support !== ANY)
      ctx.rowIssue('target_support_not_applicable', 'support', {
        other: metric,
        otherFa: TARGET_METRICS.find((m) => m.value === metric)?.fa ?? metric,
      });
    if (ctx.bad() || year === null || place === null || !isPlanMetric(metric)) return null;
    const category = ctx.lookups.categoryIdByCode.get(support) ?? null;
    const heading = category === null ? (ctx.lookups.headingByCode.get(support) ?? null) : null;
    const provinceCode = place === 0 ? null : (ctx.lookups.provinceCode.get(place) ?? null);
    return [
      0,
      targetCode(year, provinceCode, support === ANY ? null : support, metric),
      year,
      place === 0 ? null : place,
      category,
      heading,
      metric,
      num(p[4]),
    ];
  },
};

/** A unit code → id; -1 when an invalid row of this import declared it (already reported). */
function unitId(code: Parsed, ctx: AssembleContext): number | null {
  if (typeof code !== 'string' || code === '') return null;
  const id = ctx.lookups.unitByCode.get(code);
  if (id === undefined) {
    ctx.rowIssue('unknown_unit', 'unit');
    return null;
  }
  return id;
}
