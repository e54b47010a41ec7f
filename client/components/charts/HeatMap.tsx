import { useLocale } from '../../lib/locale.ts';
import type { ValueKind } from '../../lib/format.ts';
import { classColor, classOf, sequentialScale } from '../../lib/scales.ts';

export interface HeatMapAxisItem {
  key: string;
  label: string;
  /** Full name when `label` is a short code (shown as a tooltip). */
  title?: string;
}
export interface HeatMapProps {
  rows: HeatMapAxisItem[];
  columns: HeatMapAxisItem[];
  /** Value of one cell (null = no data). */
  value: (rowKey: string, columnKey: string) => number | null;
  kind: ValueKind;
  ariaLabel: string;
  onSelect?: (rowKey: string, columnKey: string) => void;
}

/**
 * A heat map as a CSS grid (rows × columns, e.g. heading × year). Cells are coloured in sequential
 * quantile classes and show their formatted value; the grid follows the page direction.
 */
export function HeatMap({ rows, columns, value, kind, ariaLabel, onSelect }: HeatMapProps) {
  const { fmt } = useLocale();
  const values = rows.flatMap((r) => columns.map((c) => value(r.key, c.key)));
  const scale = sequentialScale(values);
  // One unit for every cell, named in the corner (cells carry bare figures), chosen by the
  // typical cell: by the largest, most cells of a heading × year grid read «۰».
  const axis = fmt.grid(kind, values);
  return (
    <div
      className="heatmap"
      role="img"
      aria-label={ariaLabel}
      // Wide grids scroll sideways; focusable so keyboard users can scroll them too.
      tabIndex={0}
      style={{
        gridTemplateColumns: `minmax(8rem, 14rem) repeat(${columns.length}, minmax(${kind === 'money' ? 4.5 : 3}rem, 1fr))`,
      }}
    >
      <span className="heatmap-unit">{axis.unit}</span>
      {columns.map((c) => (
        <span key={c.key} className="heatmap-head" title={c.title}>
          {c.label}
        </span>
      ))}
      {rows.map((r) => (
        <HeatMapRow
          key={r.key}
          row={r}
          columns={columns}
          value={value}
          kind={kind}
          scale={scale}
          fmt={fmt}
          tick={axis.tick}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

function HeatMapRow({
  row,
  columns,
  value,
  kind,
  scale,
  fmt,
  tick,
  onSelect,
}: Omit<HeatMapProps, 'rows' | 'ariaLabel'> & {
  row: HeatMapAxisItem;
  tick: (value: number) => string;
  scale: ReturnType<typeof sequentialScale>;
  fmt: ReturnType<typeof useLocale>['fmt'];
}) {
  return (
    <>
      <span className="heatmap-row-head" title={row.title ?? row.label}>
        <bdi>{row.label}</bdi>
      </span>
      {columns.map((c) => {
        const v = value(row.key, c.key);
        const cls = classOf(scale, v);
        return (
          <span
            key={c.key}
            className="heatmap-cell"
            style={{
              background: classColor(cls),
              color: `var(--seq-ink-${cls})`,
              cursor: onSelect ? 'pointer' : undefined,
            }}
            onClick={onSelect ? () => onSelect(row.key, c.key) : undefined}
            title={`${row.title ?? row.label} · ${c.title ?? c.label}: ${fmt.value(kind, v)}`}
          >
            {tick(v ?? 0)}
          </span>
        );
      })}
    </>
  );
}
