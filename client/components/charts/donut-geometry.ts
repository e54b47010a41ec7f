/** One slice of a donut: SVG path (centred on 0,0), where its label goes, its angles. */
export interface DonutSlice {
  /** Index of the value (row) it draws. */
  index: number;
  path: string;
  /** Middle of the ring at the middle of the slice (tooltip anchor). */
  centroid: [number, number];
  /** Radians from 12 o'clock, clockwise. */
  startAngle: number;
  endAngle: number;
}

const TAU = 2 * Math.PI;

const round = (n: number) => String(Math.round(n * 100) / 100);
/** A point at `radius` and `angle` (0 = 12 o'clock, clockwise; SVG y grows downwards). */
const point = (radius: number, angle: number) =>
  `${round(radius * Math.sin(angle))},${round(-radius * Math.cos(angle))}`;

/**
 * Slices of a donut for `values` (negative and missing count as zero; zero draws nothing), from
 * 12 o'clock clockwise in the given order, `padAngle` radians apart.
 */
export function donutSlices(
  values: readonly (number | null)[],
  inner: number,
  outer: number,
  padAngle = 0,
): DonutSlice[] {
  const positive = values.map((v) => (v !== null && v > 0 ? v : 0));
  const total = positive.reduce((sum, v) => sum + v, 0);
  if (total <= 0) return [];
  const count = positive.filter((v) => v > 0).length;
  const slices: DonutSlice[] = [];
  let angle = 0;
  positive.forEach((value, index) => {
    if (value <= 0) return;
    const span = (value / total) * TAU;
    const pad = count > 1 && span > padAngle ? padAngle / 2 : 0;
    const [a0, a1] = [angle + pad, angle + span - pad];
    const middle = (a0 + a1) / 2;
    const ring = (inner + outer) / 2;
    slices.push({
      index,
      path: count === 1 ? fullRing(inner, outer) : sector(inner, outer, a0, a1),
      centroid: [ring * Math.sin(middle), -ring * Math.cos(middle)],
      startAngle: a0,
      endAngle: a1,
    });
    angle += span;
  });
  return slices;
}

function sector(inner: number, outer: number, a0: number, a1: number): string {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return (
    `M${point(outer, a0)}A${outer},${outer} 0 ${large} 1 ${point(outer, a1)}` +
    `L${point(inner, a1)}A${inner},${inner} 0 ${large} 0 ${point(inner, a0)}Z`
  );
}

/** One value takes the whole ring: two half arcs each way (an arc cannot end where it starts). */
function fullRing(inner: number, outer: number): string {
  const circle = (r: number, sweep: 0 | 1) =>
    `M${point(r, 0)}A${r},${r} 0 1 ${sweep} ${point(r, Math.PI)}A${r},${r} 0 1 ${sweep} ${point(r, 0)}Z`;
  return circle(outer, 1) + circle(inner, 0);
}
