import vazirmatnUrl from 'vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2?url';

/**
 * PNG and SVG images of a chart (issue #5): the chart's own SVG with its title above and the
 * active filters below as a caption, colours resolved from the theme's CSS variables, and the
 * bundled Vazirmatn font embedded as a data URL so Persian letters join in any viewer. Nothing
 * is fetched from outside: the font is the app's own asset.
 */

export interface ChartImageText {
  title: string;
  /** The active filters, one line of text (wrapped here). */
  caption: string;
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
}

const PAD = 16;
const TITLE_SIZE = 18;
const CAPTION_SIZE = 12;
const LINE = 1.5;

/** Escapes text for an XML text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/**
 * Splits a caption into lines that fit `width` (estimated from the font size: SVG has no text
 * wrapping), breaking at spaces.
 */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const perLine = Math.max(10, Math.floor(width / (fontSize * 0.55)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The standalone SVG document: title, chart, caption, embedded font. Pure, so it is unit-tested
 * without a browser.
 */
export function composeChartSvg(input: ComposeInput): string {
  const { width, dir, colors } = input;
  const captionLines = wrapText(input.caption, width - 2 * PAD, CAPTION_SIZE);
  const top = PAD + TITLE_SIZE * LINE;
  const captionTop = top + input.height + PAD;
  const total = Math.ceil(captionTop + captionLines.length * CAPTION_SIZE * LINE + PAD / 2);
  // In right-to-left text, "start" is the right edge.
  const x = dir === 'rtl' ? width - PAD : PAD;
  const text = (y: number, size: number, fill: string, weight: number, content: string) =>
    `<text x="${x}" y="${y}" direction="${dir}" text-anchor="start" font-size="${size}" font-weight="${weight}" fill="${escapeXml(fill)}">${escapeXml(content)}</text>`;
  const font = input.fontDataUrl
    ? `<style>@font-face{font-family:'Vazirmatn';src:url(${input.fontDataUrl}) format('woff2');font-weight:100 900;}</style>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="Vazirmatn, sans-serif">`,
    `<defs>${font}</defs>`,
    `<rect width="100%" height="100%" fill="${escapeXml(colors.background)}"/>`,
    text(PAD + TITLE_SIZE, TITLE_SIZE, colors.text, 700, input.title),
    `<g transform="translate(0 ${top})">${input.chart}</g>`,
    ...captionLines.map((l, i) =>
      text(captionTop + (i + 1) * CAPTION_SIZE * LINE - 4, CAPTION_SIZE, colors.muted, 400, l),
    ),
    '</svg>',
  ].join('');
}

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

/** The complete image SVG of a chart element with its title and caption. */
export async function chartSvgDocument(svg: SVGSVGElement, text: ChartImageText): Promise<string> {
  const chart = serialiseChart(svg);
  const root = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => root.getPropertyValue(name).trim() || fallback;
  return composeChartSvg({
    ...text,
    chart: chart.markup,
    width: chart.width,
    height: chart.height,
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
