import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deckOf } from '../../client/features/briefing/deck.ts';
import { PRINT_SLIDE } from '../../client/features/briefing/use-slide-size.ts';
import { expectNoIssues, openPage } from './harness.ts';
import { waitForDeck } from './page-ready.ts';
import { readPdfText } from './pdf-text.ts';

/**
 * Issue #14 item 1: the handout prints at the same type size whatever the window it is printed
 * from. The overview deck is printed with `page.pdf()` (A4 landscape, as the presenter's Print
 * button would) from three window sizes, the other pages' decks from the largest, and the PDF
 * itself is measured: every glyph's size on paper comes from the content streams (pdf-text.ts).
 * Chart labels must be ≥ 10 pt and body text ≥ 12 pt. Body text is told apart from chart labels through the page's print layout: every HTML
 * text element's computed size under print media must be ≥ 12 pt, and each printed page's largest
 * text must be the largest computed size on its slide (so the HTML text was printed at its CSS
 * size, not shrunk to fit).
 */

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const PT_PER_PX = 0.75;
const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

interface Printed {
  /** Chart labels per slide. */
  labels: number[];
  /** The width attribute of every Recharts surface, in px. */
  chartWidths: number[];
}

/**
 * Reads the DOM that is printed in a `beforeprint` listener added after the app's own (listeners
 * run in order), so after the app has laid its charts out for paper: the chart labels per slide,
 * and every chart's drawn width — which must already be the paper's when the app's handler
 * returns (it re-renders inside flushSync), or the browser prints window-sized charts scaled down.
 */
async function recordPrintedDom(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.addEventListener(
      'beforeprint',
      () => {
        const printed: Printed = {
          labels: [...document.querySelectorAll('.slide')].map(
            (slide) =>
              [...slide.querySelectorAll('svg text')].filter((t) => (t.textContent ?? '').trim())
                .length,
          ),
          chartWidths: [...document.querySelectorAll('.slide svg.recharts-surface')].map((svg) =>
            Number(svg.getAttribute('width')),
          ),
        };
        (window as unknown as { printed: Printed }).printed = printed;
      },
      { once: true },
    );
  });
}

interface HtmlText {
  /** Computed font size in pt of the smallest HTML text on each slide, and of the largest. */
  smallest: { size: number; text: string }[];
  largest: number[];
}

/** HTML text (not chart SVG) of each slide under print media: its computed sizes. */
async function htmlTextSizes(page: Page): Promise<HtmlText> {
  await page.emulateMedia({ media: 'print' });
  try {
    return await page.evaluate((ptPerPx) => {
      const smallest: { size: number; text: string }[] = [];
      const largest: number[] = [];
      for (const slide of document.querySelectorAll('.slide')) {
        let min = { size: Infinity, text: '' };
        let max = 0;
        const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (!parent || parent.closest('svg') || !(node.textContent ?? '').trim()) continue;
          const style = getComputedStyle(parent);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          // Visually hidden text (screen readers only) is not printed.
          const box = parent.getBoundingClientRect();
          if (box.width <= 1 || box.height <= 1) continue;
          const size = parseFloat(style.fontSize) * ptPerPx;
          if (size < min.size) min = { size, text: (node.textContent ?? '').trim().slice(0, 40) };
          max = Math.max(max, size);
        }
        smallest.push(min);
        largest.push(max);
      }
      return { smallest, largest };
    }, PT_PER_PX);
  } finally {
    await page.emulateMedia({ media: null });
  }
}

/** Every other page's deck, printed from the largest window (the one that printed smallest). */
const OTHER_DECKS = [
  { path: '/provinces/IR-10', query: '' },
  { path: '/clusters', query: '' },
  { path: '/headings', query: '' },
  { path: '/impact', query: '' },
];

const CASES = [
  ...SIZES.map((size) => ({ deck: { path: '/', query: '' }, size })),
  ...OTHER_DECKS.map((deck) => ({ deck, size: SIZES[2]! })),
];

describe.each(CASES)('the handout of $deck.path printed from $size.width×$size.height', (c) => {
  it('prints body ≥ 12 pt and chart labels ≥ 10 pt on A4 landscape', async () => {
    const count = deckOf([c.deck]).length;
    const url = `/briefing?from-page=${encodeURIComponent(c.deck.path)}&${c.deck.query}`;
    const opened = await openPage(url, { lang: 'fa', viewport: c.size });
    try {
      const { page } = opened;
      await waitForDeck(page, count);
      await recordPrintedDom(page);
      const pdf = await page.pdf({ format: 'A4', landscape: true });
      const printed = await page.evaluate(
        () => (window as unknown as { printed: Printed }).printed,
      );
      const printedLabels = printed.labels;
      const pages = readPdfText(pdf);

      // Every chart was already drawn at the paper's width when printing began.
      expect(printed.chartWidths, 'chart widths when printing began').toEqual(
        printed.chartWidths.map(() => PRINT_SLIDE.chartWidth),
      );

      // One slide a page, on A4 landscape.
      expect(pages).toHaveLength(count);
      for (const p of pages) {
        expect(p.mediaBox[2]! - p.mediaBox[0]!).toBeCloseTo(A4_LANDSCAPE.width, -1);
        expect(p.mediaBox[3]! - p.mediaBox[1]!).toBeCloseTo(A4_LANDSCAPE.height, -1);
      }
      // The charts' labels were printed (a handout without them would pass for the wrong reason).
      if (c.deck.path !== '/impact') {
        expect(printedLabels.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
      }

      const tooSmall: string[] = [];
      pages.forEach((p, i) => {
        // Each glyph is a run in Skia's output: a page has at least as many as its chart labels.
        expect(p.runs.length, `text on page ${i + 1}`).toBeGreaterThanOrEqual(printedLabels[i]!);
        const small = p.runs.filter((r) => r.size < 10 - 0.01);
        if (small.length > 0) {
          const sizes = [...new Set(small.map((r) => r.size.toFixed(1)))].join(', ');
          tooSmall.push(`page ${i + 1}: ${small.length} glyphs at ${sizes} pt`);
        }
      });
      expect.soft(tooSmall, 'text printed under 10 pt').toEqual([]);

      const html = await htmlTextSizes(page);
      const smallBody = html.smallest
        .map((s, i) => ({ ...s, page: i + 1 }))
        .filter((s) => s.size < 12 - 0.01)
        .map((s) => `page ${s.page}: «${s.text}» at ${s.size.toFixed(1)} pt`);
      expect.soft(smallBody, 'body text under 12 pt').toEqual([]);
      // HTML text printed at its CSS size: each page's largest glyphs are its largest HTML text.
      pages.forEach((p, i) => {
        const printedMax = Math.max(...p.runs.map((r) => r.size));
        expect(printedMax, `largest text on page ${i + 1}`).toBeCloseTo(html.largest[i]!, 0);
      });
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});
