import { readFileSync, writeFileSync } from 'node:fs';
import { TEMPLATES, type ColumnDef } from './templates.ts';

const BEGIN = '<!-- templates:begin (generated from server/import/templates.ts) -->';
const END = '<!-- templates:end -->';

const TYPE_NAMES: Record<ColumnDef['type'], string> = {
  code: 'code',
  text: 'text',
  year: 'Jalali year',
  count: 'whole number ≥ 0',
  amount: 'rials, whole number ≥ 0',
  date: 'Jalali date',
  enum: 'one of the values',
  bool: 'yes / no',
  province: 'province',
  sector: 'sector',
  ref: 'code',
  place: 'province or «کل کشور»',
  support: 'support category or heading, or «همه»',
  quantity: 'whole number ≥ 0',
};

/** What a template's rows are matched on, after its first column. */
function matchedOn(entity: string): string {
  if (entity === 'employment') return ' + `year`';
  if (entity === 'targets') return ' + `province` + `support` + `metric`';
  return '';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The templates as Markdown tables, one per entity (the section of docs/import.md). */
export function templatesMarkdown(): string {
  const parts: string[] = [];
  for (const t of TEMPLATES) {
    parts.push(
      `### ${t.nameEn} — ${t.nameFa} (\`${t.entity}\`)`,
      '',
      t.renameOnly
        ? 'Renames existing entries only: codes are fixed by `data/`; an unknown code is an error.'
        : `Download: \`/api/templates/${t.entity}.csv\`. Rows are matched on \`${t.columns[0]?.key ?? 'code'}\`${matchedOn(t.entity)}: new codes are added, known ones updated.`,
      '',
      '| column | Persian header | type | required | meaning and allowed values | example |',
      '|---|---|---|---|---|---|',
    );
    for (const c of t.columns) {
      const values = c.values
        ? ` — ${c.values.map((v) => `\`${v.value}\` (${v.fa})`).join(', ')}`
        : '';
      const ref = c.ref ? ` (a code of \`${c.ref}\`)` : '';
      parts.push(
        `| \`${c.key}\` | ${c.labelFa} | ${TYPE_NAMES[c.type]}${ref} | ${c.required ? 'yes' : 'no'} | ${cell(c.descriptionEn)}${cell(values)} / ${cell(c.descriptionFa)} | ${c.example ? `\`${c.example}\`` : ''} |`,
      );
    }
    parts.push('');
  }
  return `${BEGIN}\n\n${parts.join('\n')}\n${END}`;
}

/** Rewrites the generated section of a Markdown file; returns whether it changed. */
export function writeTemplateDocs(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`${path} has no generated templates section`);
  const next = text.slice(0, start) + templatesMarkdown() + text.slice(end + END.length);
  if (next === text) return false;
  writeFileSync(path, next);
  return true;
}

/** The generated section as it stands in a Markdown file. */
export function readTemplateDocs(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.slice(text.indexOf(BEGIN), text.indexOf(END) + END.length);
}
