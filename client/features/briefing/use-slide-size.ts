import { useEffect, useState } from 'react';

export interface SlideSize {
  /** Chart height in px: most of the slide between its title and its caption. */
  chartHeight: number;
  /** Width of a ranking's category axis, so long Persian names fit in large type. */
  categoryWidth: number;
}

function measure(): SlideSize {
  return {
    chartHeight: Math.max(240, Math.round(window.innerHeight * 0.56)),
    categoryWidth: Math.min(460, Math.max(180, Math.round(window.innerWidth * 0.22))),
  };
}

/** Chart dimensions that follow the window (a projector may change resolution mid-briefing). */
export function useSlideSize(): SlideSize {
  const [size, setSize] = useState(measure);
  useEffect(() => {
    const update = () => setSize(measure());
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return size;
}
