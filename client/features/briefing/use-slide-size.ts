import { useEffect, useState } from 'react';
import { fontsReady } from '../../lib/text-measure.ts';
import { usePrinting } from './use-printing.ts';

export interface SlideSize {
  /** Chart height in px: most of the slide between its title and its caption. */
  chartHeight: number;
  /** The chart's width in px (the slide less its padding). */
  chartWidth: number;
  /**
   * A donut's height in px: the chart's less room for its legend, which it writes below in HTML
   * (at the chart's height the legend's last line ran under the footer at 1024×768).
   */
  donutHeight: number;
  /** The slides' chart type size in px: `--slide-body` in briefing.css, computed the same way. */
  fontSize: number;
  /** Vazirmatn is loaded: text measured now is measured in it (re-measure when this turns true). */
  fontsLoaded: boolean;
  /**
   * The handout is being printed: charts take the fixed `chartWidth` (paper width) instead of
   * following their container, so their labels print at `fontSize` whatever the window.
   */
  printing: boolean;
}

type Measured = Pick<SlideSize, 'chartHeight' | 'chartWidth' | 'fontSize'>;

/** The share of the chart height a donut takes; its legend (up to three lines) gets the rest. */
const DONUT_SHARE = 0.75;

const PX_PER_MM = 96 / 25.4;
const PX_PER_PT = 96 / 72;

/**
 * The handout page (briefing.css `@media print`): A4 landscape less 10 mm margins is 277 mm wide;
 * a slide is 185 mm tall, of which the chart gets 110 mm (title, axis units, legend and caption
 * take the rest). Type is `--slide-body: 13pt` there.
 */
export const PRINT_SLIDE: Measured = {
  chartWidth: Math.floor(277 * PX_PER_MM),
  chartHeight: Math.round(110 * PX_PER_MM),
  fontSize: 13 * PX_PER_PT,
};

function measure(): Measured {
  const { innerWidth: w, innerHeight: h } = window;
  return {
    chartHeight: Math.max(240, Math.round(h * 0.56)),
    chartWidth: Math.round(w * 0.9),
    fontSize: Math.min(44, Math.max(20, Math.min(w * 0.015, h * 0.027))),
  };
}

/**
 * Chart dimensions that follow the window (a projector may change resolution mid-briefing), or
 * the paper's while the handout prints.
 */
export function useSlideSize(): SlideSize {
  const [size, setSize] = useState(measure);
  const [fontsLoaded, setFontsLoaded] = useState(false);
  const printing = usePrinting();
  useEffect(() => {
    const update = () => setSize(measure());
    window.addEventListener('resize', update);
    let live = true;
    void fontsReady().then(() => live && setFontsLoaded(true));
    return () => {
      live = false;
      window.removeEventListener('resize', update);
    };
  }, []);
  const measured = printing ? PRINT_SLIDE : size;
  return {
    ...measured,
    donutHeight: Math.round(measured.chartHeight * DONUT_SHARE),
    fontsLoaded,
    printing,
  };
}
