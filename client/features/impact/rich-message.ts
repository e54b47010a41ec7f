/**
 * Splits a dictionary message with `{name}` placeholders into text and placeholder parts, so a
 * component can render each value isolated (`<bdi>`): a signed percentage such as «+۴۳٫۵٪»
 * inside a Persian sentence otherwise reorders under the bidi algorithm.
 */
export function messageParts(template: string): ({ text: string } | { placeholder: string })[] {
  const parts: ({ text: string } | { placeholder: string })[] = [];
  const pattern = /\{(\w+)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ placeholder: match[1] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}
