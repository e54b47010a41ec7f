import vazirmatnUrl from 'vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2?url';
import { fontsReady, measureText, type TextMeasure } from './text-measure.ts';

/**
 * PNG and SVG images of a chart (issues #5, #14): the chart's own SVG with its context around it,
 * so the picture still says what it shows once pasted into a report: the title, what is measured
 * and in which unit, a legend for every series or colour class, the active filters and period,
 * the data's date and the synthetic-data mark. Colours are resolved from the theme's CSS
 * variables and the bundled Vazirmatn is embedded as a data URL so Persian letters join in any
 * viewer; lines are wrapped by measured widths (text-measure.ts). Nothing is fetched from outside.
 */

/** One legend entry: a colour swatch and its label (a series, or a colour class's range). */
export interface LegendItem {
  color: string;
  label: string;
}

export interface ChartImageText {
  title: string;
  /** What is measured, by what, over which period, and the value unit (the chart's name). */
  subtitle?: string;
  /** Legend entries; none for a single series the subtitle already names. */
  legend?: LegendItem[];
  /** The active filters, one line of text (wrapped here). */
  caption: string;
  /** The data's date, source and the synthetic-data mark, one line. */
  dataNote?: string;
  dir: 'rtl' | 'ltr';
}

export interface ComposeInput extends ChartImageText {
  /** The chart's serialised `<svg>` (with explicit width/height). */
  chart: string;
  width: number;
  height: number;
  /** `data:font/woff2;base64,…`, or null to fall back to the viewer's fonts. */
  fontDataUrl: string | null;
  colors: { background: string; text: string; muted: string };
  /** Text widths (the page's canvas; a stand-in in unit tests). */
  measure: TextMeasure;
}

const PAD = 16;
const TITLE_SIZE = 18;
const SUBTITLE_SIZE = 13;
const CAPTION_SIZE = 12;
const LINE = 1.5;
const SWATCH = 10;

/** Escapes text for an XML text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Splits text into lines no wider than `width` as measured, breaking at spaces. */
export function wrapText(
  text: string,
  width: number,
  fontSize: number,
  measure: TextMeasure,
  weight = 400,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, fontSize, weight) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Legend entries laid out in rows from the reading start, each row within `width`. */
export function layoutLegend(
  items: readonly LegendItem[],
  width: number,
  measure: TextMeasure,
): { item: LegendItem; row: number; offset: number }[] {
  const gap = 16;
  const placed: { item: LegendItem; row: number; offset: number }[] = [];
  let row = 0;
  let offset = 0;
  for (const item of items) {
    const w = SWATCH + 6 + measure(item.label, CAPTION_SIZE);
    if (offset > 0 && offset + w > width) {
      row += 1;
      offset = 0;
    }
    placed.push({ item, row, offset });
    offset += w + gap;
  }
  return placed;
}

/**
 * The standalone SVG document: title, what is measured, the chart, its legend, the filters and
 * the data note, with the font embedded. Pure, so it is unit-tested without a browser.
 */
export function composeChartSvg(input: ComposeInput): string {
  const { width, dir, colors, measure } = input;
  const inner = width - 2 * PAD;
  const rtl = dir === 'rtl';
  // In right-to-left text, "start" is the right edge.
  const x = rtl ? width - PAD : PAD;
  const parts: string[] = [];
  const text = (y: number, size: number, fill: string, weight: number, content: string, at = x) =>
    `<text x="${round(at)}" y="${round(y)}" direction="${dir}" text-anchor="start" font-size="${size}" font-weight="${weight}" fill="${escapeXml(fill)}">${escapeXml(content)}</text>`;
  let y = PAD;
  const block = (content: string | undefined, size: number, fill: string, weight: number) => {
    if (!content) return;
    for (const line of wrapText(content, inner, size, measure, weight)) {
      parts.push(text(y + size, size, fill, weight, line));
      y += size * LINE;
    }
  };
  block(input.title, TITLE_SIZE, colors.text, 700);
  block(input.subtitle, SUBTITLE_SIZE, colors.muted, 400);
  y += 4;
  parts.push(`<g transform="translate(0 ${round(y)})">${input.chart}</g>`);
  y += input.height + PAD / 2;
  const legend = layoutLegend(input.legend ?? [], inner, measure);
  const rows = legend.length ? Math.max(...legend.map((l) => l.row)) + 1 : 0;
  for (const { item, row, offset } of legend) {
    const top = y + row * CAPTION_SIZE * LINE;
    const swatchX = rtl ? width - PAD - offset - SWATCH : PAD + offset;
    parts.push(
      `<rect x="${round(swatchX)}" y="${round(top + 2)}" width="${SWATCH}" height="${SWATCH}" fill="${escapeXml(item.color)}"/>`,
    );
    const labelX = rtl ? swatchX - 6 : swatchX + SWATCH + 6;
    parts.push(text(top + CAPTION_SIZE, CAPTION_SIZE, colors.text, 400, item.label, labelX));
  }
  y += rows * CAPTION_SIZE * LINE + (rows ? 4 : 0);
  block(input.caption, CAPTION_SIZE, colors.muted, 400);
  block(input.dataNote, CAPTION_SIZE, colors.muted, 400);
  const total = Math.ceil(y + PAD / 2);
  const font = input.fontDataUrl
    ? `<style>@font-face{font-family:'Vazirmatn';src:url(${input.fontDataUrl}) format('woff2');font-weight:100 900;}</style>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="Vazirmatn, sans-serif">`,
    `<defs>${font}</defs>`,
    `<rect width="100%" height="100%" fill="${escapeXml(colors.background)}"/>`,
    ...parts,
    '</svg>',
  ].join('');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Presentation properties whose computed values replace CSS variables and classes. */
const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

/**
 * The chart's `<svg>` as standalone markup: every element's computed paint and text style is
 * written inline (the theme's `var(--chart-1)` means nothing outside the page).
 */
export function serialiseChart(svg: SVGSVGElement): {
  markup: string;
  width: number;
  height: number;
} {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const height = Math.round(box.height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  originals.forEach((el, i) => {
    const copy = copies[i];
    if (!(copy instanceof Element)) return;
    const style = getComputedStyle(el);
    const inline = INLINED.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
    copy.setAttribute('style', inline);
    copy.removeAttribute('class');
    // Presentation attributes such as fill="var(--chart-1)" are overridden by the inline style
    // but would still leak theme variables into the file.
    for (const attr of [...copy.attributes]) {
      if (attr.value.includes('var(')) copy.removeAttribute(attr.name);
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', 'Vazirmatn, sans-serif');
  return { markup: new XMLSerializer().serializeToString(clone), width, height };
}

let fontPromise: Promise<string | null> | null = null;

/** The bundled Vazirmatn as a data URL (fetched once from the app's own assets). */
export function fontDataUrl(): Promise<string | null> {
  fontPromise ??= fetch(vazirmatnUrl)
    .then((r) => (r.ok ? r.blob() : null))
    .then(
      (blob) =>
        blob &&
        new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () =>
            resolve(
              (typeof reader.result === 'string' ? reader.result : '').replace(
                /^data:[^;,]*/,
                'data:font/woff2',
              ),
            );
          reader.onerror = () => reject(new Error('font could not be read'));
          reader.readAsDataURL(blob);
        }),
    )
    .catch(() => null);
  return fontPromise;
}

/** The complete image SVG of a chart element with its title, legend and captions. */
export async function chartSvgDocument(svg: SVGSVGElement, text: ChartImageText): Promise<string> {
  const chart = serialiseChart(svg);
  const root = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => root.getPropertyValue(name).trim() || fallback;
  await fontsReady();
  return composeChartSvg({
    ...text,
    chart: chart.markup,
    width: chart.width,
    height: chart.height,
    measure: measureText,
    fontDataUrl: await fontDataUrl(),
    colors: {
      background: color('--surface', '#ffffff'),
      text: color('--text', '#111111'),
      muted: color('--text-muted', '#555555'),
    },
  });
}

/** Rasterises an SVG document to PNG at `scale`× (sharp on projectors and high-DPI screens). */
export async function svgToPng(svgDocument: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgDocument], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('canvas 2D is unavailable');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a blob under a file name (a temporary link; no server round trip). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `hemayat-<slug>-exported-1405-09-06.png`, dated in Tehran like the data files. */
export function imageFileName(slug: string, jalaliDate: string, ext: 'png' | 'svg'): string {
  const safe = slug
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `hemayat-${safe || 'chart'}-exported-${jalaliDate}.${ext}`;
}

/**
 * The image's subtitle: the chart's name without the title it often starts with («نقشه استان‌ها:
 * واحدهای تولیدی…» under the title «نقشه استان‌ها»), then its unit (`unitLine` is the
 * translated «واحد: …»).
 */
export function imageSubtitle(title: string, name: string, unitLine: string | null): string {
  const prefix = `${title}:`;
  const own = name.startsWith(prefix) ? name.slice(prefix.length).trim() : name;
  return unitLine ? `${own} — ${unitLine}` : own;
}

/**
 * The image's data line: date, source and the synthetic-data mark, joined; the mark is left out
 * when the source already says it (the synthetic dataset's source begins «داده‌های ساختگی…»), so
 * the words are not written twice.
 */
export function imageDataNote(asOf: string, source: string, syntheticMark: string): string {
  const mark = syntheticMark && !source.includes(syntheticMark) ? syntheticMark : '';
  return [asOf, source, mark].filter(Boolean).join(' · ');
}

/**
 * The context the page shows around a chart, read from the panel as drawn: the chart's accessible
 * name (metric, dimension, period), the axis or colour-scale unit, and the legend entries
 * (series, or colour classes of a map or heat map) with their resolved colours.
 */
export function chartContext(
  area: HTMLElement,
  svg: SVGSVGElement,
): { name: string; unit: string | null; legend: LegendItem[] } {
  const named = svg.closest('[role="img"]') ?? svg;
  const name = named.getAttribute('aria-label') ?? '';
  const unit =
    [...area.querySelectorAll('.chart-unit span, .map-legend-unit, .heatmap-unit')]
      .map((el) => el.textContent?.trim() ?? '')
      .filter(Boolean)
      .join(' / ') || null;
  const legend: LegendItem[] = [];
  for (const li of area.querySelectorAll('.legend li, .map-legend li')) {
    const swatch = li.querySelector('.swatch');
    const label = li.textContent?.trim() ?? '';
    if (swatch && label) legend.push({ color: getComputedStyle(swatch).backgroundColor, label });
  }
  return { name, unit, legend };
}
