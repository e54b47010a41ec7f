import { useCallback, useEffect, useState, type RefObject } from 'react';

/** Whether the page is full screen, and a toggle that puts `target` full screen (Fullscreen API). */
export function useFullscreen(target: RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) {
      void document.exitFullscreen();
    } else {
      // Refused without a user gesture or by policy: the slides still work in the window.
      target.current?.requestFullscreen().catch(() => undefined);
    }
  }, [target]);
  return { active, toggle };
}
