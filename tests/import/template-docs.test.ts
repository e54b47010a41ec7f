import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateDocs, templatesMarkdown } from '../../server/import/template-docs.ts';
import { TEMPLATES } from '../../server/import/templates.ts';

/** Prettier pads Markdown table cells; compare tables cell by cell, without the padding. */
function unpadded(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/^:?-+:?$/, '---'))
            .join('|')
        : line.trimEnd(),
    )
    .filter((line) => line !== '')
    .join('\n');
}

describe('docs/import.md', () => {
  it('holds the template tables generated from the one definition', () => {
    // if this fails, regenerate: see the "Templates" section of docs/import.md
    expect(unpadded(readTemplateDocs(join(process.cwd(), 'docs', 'import.md')))).toBe(
      unpadded(templatesMarkdown()),
    );
  });

  it('documents every column of every template', () => {
    const md = templatesMarkdown();
    for (const t of TEMPLATES)
      for (const c of t.columns) expect(md).toContain(`| \`${c.key}\` | ${c.labelFa} |`);
  });
});
