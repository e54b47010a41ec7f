import { useEffect, useState } from 'react';
import { fontsReady } from '../../lib/text-measure.ts';

export interface SlideSize {
  /** Chart height in px: most of the slide between its title and its caption. */
  chartHeight: number;
  /** Width of a ranking's category axis, so long Persian names fit in large type. */
  categoryWidth: number;
  /** The chart's width in px (the slide less its padding). */
  chartWidth: number;
  /** The slides' chart type size in px: `--slide-body` in briefing.css, computed the same way. */
  fontSize: number;
  /** Vazirmatn is loaded: text measured now is measured in it (re-measure when this turns true). */
  fontsLoaded: boolean;
}

function measure(): Omit<SlideSize, 'fontsLoaded'> {
  const { innerWidth: w, innerHeight: h } = window;
  return {
    chartHeight: Math.max(240, Math.round(h * 0.56)),
    categoryWidth: Math.min(460, Math.max(180, Math.round(w * 0.22))),
    chartWidth: Math.round(w * 0.9),
    fontSize: Math.min(44, Math.max(20, Math.min(w * 0.015, h * 0.027))),
  };
}

/** Chart dimensions that follow the window (a projector may change resolution mid-briefing). */
export function useSlideSize(): SlideSize {
  const [size, setSize] = useState(measure);
  const [fontsLoaded, setFontsLoaded] = useState(false);
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
  return { ...size, fontsLoaded };
}
