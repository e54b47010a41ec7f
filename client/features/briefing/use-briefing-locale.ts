import { useEffect } from 'react';
import { useLocale } from '../../lib/locale.ts';

/** The briefing has no app shell: it keeps <html lang dir> in step with `?lang=` itself. */
export function useBriefingLocale(): void {
  const { lang, dir } = useLocale();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
  }, [lang, dir]);
}
