import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { searchKey } from '../domain/digits.ts';
import { isBlank } from './normalise.ts';
import {
  detectEncoding,
  readCsvChunks,
  type CsvEncoding,
  type EncodingChoice,
} from './read-csv.ts';
import { listSheets } from './read-xlsx.ts';
import type { IssueCollector } from './report.ts';
import { ImportFileError } from './source.ts';
import { IMPORT_ENTITIES, TEMPLATES, type ImportEntity } from './templates.ts';
import { headerFit } from './validate.ts';

/** A file handed to an import: where it is, and the name the user knows it by. */
export interface ImportFile {
  path: string;
  name: string;
}

/** One entity's rows inside a file: a whole CSV, or one sheet of a workbook. */
export interface Part {
  file: ImportFile;
  kind: 'csv' | 'xlsx';
  sheet: string | null;
  /** XLSX: whether exceljs can stream it (else it is read whole). */
  streamable: boolean;
  entity: ImportEntity;
  encoding: CsvEncoding;
  bytes: number;
}

export interface PlannedFile {
  file: ImportFile;
  bytes: number;
  /** Filled while reading (CSV) or while listing sheets (XLSX). */
  sha256: string | null;
  parts: Part[];
}

function nameKey(text: string): string {
  return searchKey(text).replace(/[\s_\-.]+/g, '_');
}

/** Short Persian names an office may give a file or sheet. */
const PERSIAN_ALIASES: Record<ImportEntity, string[]> = {
  provinces: ['استان', 'استانها'],
  sectors: ['بخش', 'بخشها', 'گروه', 'گروهها'],
  headings: ['سرفصل', 'سرفصلها'],
  parks: ['شهرک', 'شهرکها', 'ناحیه', 'نواحی'],
  clusters: ['خوشه', 'خوشهها'],
  units: ['واحد', 'واحدها'],
  employment: ['اشتغال'],
  grants: ['حمایت', 'حمایتها', 'تسهیلات'],
  targets: ['هدف', 'اهداف', 'هدفها', 'برنامه', 'plan', 'plans'],
};

const NAME_ALIASES: [ImportEntity, string[]][] = TEMPLATES.map((t) => [
  t.entity,
  [
    t.entity,
    t.entity.replace(/s$/, ''),
    t.nameEn,
    t.nameFa,
    ...PERSIAN_ALIASES[t.entity],
    ...(t.entity === 'headings' ? ['support_headings', 'support_heading'] : []),
  ].map(nameKey),
]);

/**
 * The entity a file or sheet name announces, if any: the whole name ("Units", "اشتغال"), else
 * its first word that names one ("03-grants-1402.csv" → grants).
 */
export function entityFromName(name: string): ImportEntity | null {
  const key = nameKey(basename(name, extname(name)));
  for (const [entity, aliases] of NAME_ALIASES) if (aliases.includes(key)) return entity;
  for (const token of key.split('_')) {
    for (const [entity, aliases] of NAME_ALIASES) if (aliases.includes(token)) return entity;
  }
  return null;
}

/** The entity whose template best fits a header row; null when none or a tie. */
export function entityFromHeader(header: readonly string[]): ImportEntity | null {
  let best: ImportEntity | null = null;
  let bestFit = 0;
  let tie = false;
  for (const t of TEMPLATES) {
    const fit = headerFit(t, header);
    if (fit > bestFit) {
      best = t.entity;
      bestFit = fit;
      tie = false;
    } else if (fit === bestFit && fit > 0) {
      tie = true;
    }
  }
  return tie ? null : best;
}

async function csvHeader(path: string, encoding: CsvEncoding): Promise<string[] | null> {
  for await (const chunk of readCsvChunks(path, encoding)) {
    for (const cells of chunk.rows) if (!cells.every(isBlank)) return cells;
  }
  return null;
}

/** SHA-256 of a file, for the history of a file whose rows were never read. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

const ENTITY_LIST = [...IMPORT_ENTITIES];
const ENTITY_LIST_FA = TEMPLATES.map((t) => t.nameFa);

/**
 * Works out what each file holds (entity per CSV, per sheet of a workbook) and orders the parts
 * so that everything a row names is loaded before it. Problems that make a file unreadable are
 * reported; such files contribute no parts.
 */
export async function planImport(
  files: readonly ImportFile[],
  encoding: EncodingChoice,
  issues: IssueCollector,
): Promise<{ planned: PlannedFile[]; parts: Part[] }> {
  const planned: PlannedFile[] = [];
  for (const file of files) {
    const at = { file: file.name, sheet: null, entity: null };
    let bytes = 0;
    try {
      bytes = (await stat(file.path)).size;
    } catch (error) {
      issues.add(at, 0, null, null, 'unreadable', { value: (error as Error).message });
      planned.push({ file, bytes, sha256: '', parts: [] });
      continue;
    }
    const p: PlannedFile = { file, bytes, sha256: null, parts: [] };
    planned.push(p);
    try {
      if (/\.xlsx$/i.test(file.name)) {
        const { sheets, streamable } = await listSheets(file.path);
        p.sha256 = await hashFile(file.path);
        for (const sheet of sheets) {
          const sheetAt = { ...at, sheet: sheet.name };
          if (sheet.header.length === 0) continue; // empty sheets (notes, blank tabs) are fine
          const entity = entityFromName(sheet.name) ?? entityFromHeader(sheet.header);
          if (!entity) {
            issues.add(sheetAt, 0, null, sheet.name, 'unknown_entity', {
              allowed: ENTITY_LIST,
              allowedFa: ENTITY_LIST_FA,
            });
            continue;
          }
          p.parts.push({
            file,
            kind: 'xlsx',
            sheet: sheet.name,
            streamable,
            entity,
            encoding: 'utf8',
            bytes,
          });
        }
        if (sheets.every((s) => s.header.length === 0)) issues.add(at, 0, null, null, 'empty_file');
        continue;
      }
      const enc = encoding === 'auto' ? await detectEncoding(file.path) : encoding;
      const header = await csvHeader(file.path, enc);
      if (!header) {
        issues.add(at, 0, null, null, 'empty_file');
        continue;
      }
      const entity = entityFromName(file.name) ?? entityFromHeader(header);
      if (!entity) {
        issues.add(at, 0, null, file.name, 'unknown_entity', {
          allowed: ENTITY_LIST,
          allowedFa: ENTITY_LIST_FA,
        });
        continue;
      }
      p.parts.push({
        file,
        kind: 'csv',
        sheet: null,
        streamable: true,
        entity,
        encoding: enc,
        bytes,
      });
    } catch (error) {
      if (error instanceof ImportFileError)
        issues.add(at, 0, null, null, error.code, { value: error.detail });
      else issues.add(at, 0, null, null, 'unreadable', { value: (error as Error).message });
    }
  }
  const order = (e: ImportEntity): number => IMPORT_ENTITIES.indexOf(e);
  const parts = planned.flatMap((p) => p.parts).sort((a, b) => order(a.entity) - order(b.entity));
  return { planned, parts };
}
