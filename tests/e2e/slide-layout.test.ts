import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deckOf } from '../../client/features/briefing/deck.ts';
import { expectNoIssues, openPage } from './harness.ts';
import { waitForDeck } from './page-ready.ts';

/**
 * Issue #14 item 2: slides never clip their own labels. Every slide of a representative set of
 * decks (the overview's: KPIs, two line trends, rankings, a donut; the clusters page's: long
 * cluster names) is measured at both projector sizes in Persian: no text box leaves its slide, and
 * no two chart labels or written values overlap. Every slide of a deck stays laid out (the hidden
 * ones too), so one page load measures a whole deck.
 */

const DECKS = [
  { path: '/', query: '' },
  { path: '/provinces', query: '' },
  { path: '/provinces/IR-10', query: '' },
  { path: '/clusters', query: '' },
  { path: '/headings', query: '' },
  { path: '/explore', query: 'by=sector&metric=amount' },
  { path: '/impact', query: '' },
];
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
];

interface Problem {
  slide: string;
  what: string;
}

/** Clipped and overlapping text on every slide of the open deck. */
function findProblems(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const problems: { slide: string; what: string }[] = [];
    const TOLERANCE = 1;
    for (const slide of document.querySelectorAll<HTMLElement>('.slide')) {
      const id = slide.dataset.slide ?? '?';
      const box = slide.getBoundingClientRect();
      const texts = [
        ...slide.querySelectorAll<Element>(
          'svg text, h1, h2, h3, p, li, dt, dd, .kpi-value, .kpi-label, span',
        ),
      ].filter((el) => {
        if (!(el.textContent ?? '').trim()) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).display !== 'none';
      });
      for (const el of texts) {
        const r = el.getBoundingClientRect();
        // A chart's SVG clips what leaves it, so its text must stay inside the SVG too.
        const svg = el instanceof SVGElement ? el.ownerSVGElement?.getBoundingClientRect() : null;
        if (
          svg &&
          (r.left < svg.left - TOLERANCE ||
            r.right > svg.right + TOLERANCE ||
            r.top < svg.top - TOLERANCE ||
            r.bottom > svg.bottom + TOLERANCE)
        ) {
          problems.push({ slide: id, what: `cut by the chart's edge: «${el.textContent}»` });
        }
        if (
          r.left < box.left - TOLERANCE ||
          r.right > box.right + TOLERANCE ||
          r.top < box.top - TOLERANCE ||
          r.bottom > box.bottom + TOLERANCE
        ) {
          problems.push({ slide: id, what: `outside the slide: «${el.textContent}»` });
        }
      }
      // The body's content stays between the title and the footer: content taller than the
      // body overflowed both ways (the KPI cards over the footer's rule at 1024×768).
      const body = slide.querySelector('.slide-body')?.getBoundingClientRect();
      for (const part of slide.querySelectorAll('.slide-body > *')) {
        const r = part.getBoundingClientRect();
        if (
          body &&
          r.height > 0 &&
          (r.top < body.top - TOLERANCE || r.bottom > body.bottom + TOLERANCE)
        ) {
          problems.push({
            slide: id,
            what: `content ${Math.round(r.top)}..${Math.round(r.bottom)} px outside the body ${Math.round(body.top)}..${Math.round(body.bottom)} px`,
          });
        }
      }
      // Chart labels and written values: SVG text boxes must not overlap one another.
      const svgTexts = texts.filter((el) => el instanceof SVGTextElement);
      // A chart that drew no text would pass for the wrong reason.
      if (slide.querySelector('svg.recharts-surface') && svgTexts.length < 3) {
        problems.push({ slide: id, what: `only ${svgTexts.length} chart labels measured` });
      }
      for (let i = 0; i < svgTexts.length; i++) {
        for (let j = i + 1; j < svgTexts.length; j++) {
          const a = svgTexts[i]!.getBoundingClientRect();
          const b = svgTexts[j]!.getBoundingClientRect();
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > 2) {
            problems.push({
              slide: id,
              what: `overlap: «${svgTexts[i]!.textContent}» / «${svgTexts[j]!.textContent}»`,
            });
          }
        }
      }
    }
    return problems;
  });
}

describe.each(SIZES)('slides at $width×$height keep their text inside and apart', (size) => {
  it.each(DECKS)('the deck of $path', async (source) => {
    const count = deckOf([source]).length;
    const url = `/briefing?from-page=${encodeURIComponent(source.path)}&${source.query}`;
    const opened = await openPage(url, { lang: 'fa', viewport: size });
    try {
      await waitForDeck(opened.page, count);
      const problems = await findProblems(opened.page);
      expect(problems).toEqual([]);
      expectNoIssues(opened.issues);
    } finally {
      await opened.close();
    }
  });
});
