/**
 * The dataset's source line in one language. The database stores it bilingual,
 * «English / فارسی» (server/seed, server/import); a reader gets only their language's half, and
 * no repository path («(data/calibration-targets.json)» in databases seeded before issue #14).
 * Used by the export's About sheet and the slides' footer alike.
 */
export function sourceText(source: string, lang: 'fa' | 'en'): string {
  const parts = source.split(' / ');
  const persian = parts.find((p) => /[\u0600-\u06FF]/.test(p));
  const latin = parts.find((p) => !/[\u0600-\u06FF]/.test(p));
  const chosen = parts.length === 2 ? ((lang === 'fa' ? persian : latin) ?? source) : source;
  return chosen
    .replace(/\s*\([^()]*\b[\w.-]+\/[\w./-]+[^()]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
