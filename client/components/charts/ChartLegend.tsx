import type { ChartConfig } from './chart-config.ts';

/** An HTML legend from the chart config (outside the SVG, so it follows the page's direction). */
export function ChartLegend({ config, keys }: { config: ChartConfig; keys?: string[] }) {
  const shown = keys ?? Object.keys(config);
  if (shown.length < 2) return null;
  return (
    <ul className="legend">
      {shown.map((key) => {
        const def = config[key];
        if (!def) return null;
        return (
          <li key={key}>
            <span className="swatch" style={{ background: def.color }} aria-hidden="true" />
            {def.label}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The units of the value axes, written once above the plot (the ticks carry bare figures):
 * the primary axis's at the start side, a secondary axis's at the end side.
 */
export function AxisUnits({
  primary,
  secondary,
}: {
  primary: string | null;
  secondary?: string | null;
}) {
  if (!primary && !secondary) return null;
  return (
    <p className="chart-unit">
      <span>{primary}</span>
      {secondary ? <span>{secondary}</span> : null}
    </p>
  );
}
