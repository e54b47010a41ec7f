/**
 * Sequential colour classes for the map and heat maps: values are split into up to five quantile
 * classes (skewed data such as units per province would leave an equal-interval scale almost
 * monochrome). Colours are CSS variables --seq-1..--seq-5 defined per theme.
 */
export const SEQ_CLASSES = 5;

export interface SequentialScale {
  /** Upper bounds of each class except the last (ascending, length ≤ SEQ_CLASSES − 1). */
  thresholds: number[];
  min: number;
  max: number;
}

/** Quantile thresholds for the finite values; duplicates collapse so classes are never empty ranges. */
export function sequentialScale(values: readonly (number | null | undefined)[]): SequentialScale {
  const sorted = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return { thresholds: [], min: 0, max: 0 };
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const thresholds: number[] = [];
  for (let i = 1; i < SEQ_CLASSES; i++) {
    const q =
      sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / SEQ_CLASSES))] ?? max;
    if (q > min && q <= max && !thresholds.includes(q) && q !== max) thresholds.push(q);
  }
  return { thresholds, min, max };
}

/** Class index 1..5 of a value (null/undefined → 0, "no data"). */
export function classOf(scale: SequentialScale, value: number | null | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  let index = 0;
  while (index < scale.thresholds.length && value >= (scale.thresholds[index] ?? Infinity)) index++;
  // Spread the used classes over the full 1..5 ramp so two classes still contrast.
  const used = scale.thresholds.length + 1;
  return used === 1 ? SEQ_CLASSES : Math.round(1 + (index * (SEQ_CLASSES - 1)) / (used - 1));
}

/** CSS colour of a class (0 = no data). */
export function classColor(index: number): string {
  return index === 0 ? 'var(--map-empty)' : `var(--seq-${index})`;
}

/** Legend entries: [from, to) per used class with its colour. */
export function legendOf(scale: SequentialScale): { from: number; to: number; color: string }[] {
  const bounds = [scale.min, ...scale.thresholds, scale.max];
  const entries: { from: number; to: number; color: string }[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const from = bounds[i] ?? 0;
    entries.push({ from, to: bounds[i + 1] ?? from, color: classColor(classOf(scale, from)) });
  }
  if (entries.length === 0 && bounds.length === 2) {
    entries.push({ from: scale.min, to: scale.max, color: classColor(SEQ_CLASSES) });
  }
  return entries;
}
