import type { ImportReport } from './report.ts';

/** Problems printed in full; the rest are counted by kind. */
const MAX_PRINTED = 100;

const n = (v: number): string => v.toLocaleString('en-US');

/**
 * The report as text for a terminal: outcome, counts per entity, then one line per problem
 * (file:row, column, value, the English and the Persian message).
 */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const verdict =
    report.outcome === 'ok'
      ? report.dryRun
        ? 'Dry run: the files are valid; nothing was written. / اجرای آزمایشی: فایل‌ها معتبرند؛ چیزی نوشته نشد.'
        : 'Imported. / وارد شد.'
      : report.outcome === 'rejected'
        ? `Rejected: ${n(report.issueCount)} problem(s); nothing was written. / رد شد: هیچ چیز نوشته نشد.`
        : `Failed: ${report.failure ?? ''}; nothing was written. / ناموفق: هیچ چیز نوشته نشد.`;
  lines.push(verdict, '');
  if (report.cleared) lines.push('The previous dataset was cleared. / داده‌های پیشین پاک شد.', '');
  const entities = Object.entries(report.counts);
  if (entities.length > 0) {
    const verb = report.committed ? '' : ' (would be)';
    lines.push(`entity        rows      added${verb}   changed   unchanged   rejected`);
    for (const [entity, c] of entities) {
      lines.push(
        `${entity.padEnd(12)} ${n(c.rows).padStart(6)} ${n(c.inserted).padStart(10)} ${n(c.updated).padStart(9)} ${n(c.unchanged).padStart(11)} ${n(c.rejected).padStart(10)}`,
      );
    }
    lines.push('');
  }
  for (const i of report.issues.slice(0, MAX_PRINTED)) {
    const where = `${i.file}${i.sheet ? `[${i.sheet}]` : ''}:${i.row}`;
    const cell = [i.column, i.value === null ? null : JSON.stringify(i.value)]
      .filter(Boolean)
      .join(' = ');
    lines.push(`${where}  ${cell}  ${i.en}`, `    ${i.fa}`);
  }
  if (report.issueCount > MAX_PRINTED) {
    lines.push(
      `… and ${n(report.issueCount - MAX_PRINTED)} more problem(s) (--json lists the first ${n(report.issues.length)}):`,
    );
    for (const [code, count] of Object.entries(report.issueCountByCode))
      lines.push(`    ${code}: ${n(count)}`);
  }
  lines.push(`${n(report.durationMs)} ms, ${n(report.rowsPerSecond)} rows/s`);
  return `${lines.join('\n')}\n`;
}
