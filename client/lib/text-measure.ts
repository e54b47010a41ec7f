/**
 * Text widths as the browser will draw them: canvas `measureText` with the bundled Vazirmatn
 * (issue #14: chart images and slide margins used to guess `fontSize * 0.55` per character, which
 * is wrong both for Persian's joined letters and for digits). Pure layout code takes a
 * `TextMeasure`, so it is unit-tested with a stand-in and runs on the real font in the page.
 */
export type TextMeasure = (text: string, fontSize: number, weight?: number) => number;

export const FONT_FAMILY = 'Vazirmatn, sans-serif';

let context: CanvasRenderingContext2D | null | undefined;

/** The page's measurer (canvas 2D with the app font); call `fontsReady` first for exact widths. */
export const measureText: TextMeasure = (text, fontSize, weight = 400) => {
  context ??= document.createElement('canvas').getContext('2d');
  if (!context) return text.length * fontSize * 0.6;
  context.font = `${weight} ${fontSize}px ${FONT_FAMILY}`;
  return context.measureText(text).width;
};

/** Waits until Vazirmatn's regular and bold faces are loaded, so measuring uses them. */
export async function fontsReady(): Promise<void> {
  if (typeof document === 'undefined' || !('fonts' in document)) return;
  await Promise.all([
    document.fonts.load(`400 16px Vazirmatn`),
    document.fonts.load(`700 16px Vazirmatn`),
  ]).catch(() => undefined);
}
