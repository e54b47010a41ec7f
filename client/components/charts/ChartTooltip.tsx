import type { TooltipContentProps } from 'recharts';
import { useLocale } from '../../lib/locale.ts';
import { Num } from '../Num.tsx';
import { exactKey, type ChartConfig, type ChartRow } from './chart-config.ts';

/** Tooltip content for Recharts charts: `ChartTooltipBody` for the hovered row. */
export function ChartTooltip({
  active,
  payload,
  config,
}: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { config: ChartConfig }) {
  if (!active || !payload || payload.length === 0) return null;
  const row = payload[0]?.payload as ChartRow | undefined;
  if (!row) return null;
  const entries = payload.map((entry) => ({
    key: String(entry.dataKey ?? ''),
    value: typeof entry.value === 'number' ? entry.value : null,
  }));
  return <ChartTooltipBody row={row} entries={entries} config={config} />;
}

/**
 * The tooltip of every chart: the row label, each series with its config label and colour, the
 * value formatted by kind, and for money the exact rial amount underneath.
 */
export function ChartTooltipBody({
  row,
  entries,
  config,
}: {
  row: ChartRow;
  entries: readonly { key: string; value: number | null }[];
  config: ChartConfig;
}) {
  const { fmt, t } = useLocale();
  return (
    <div className="chart-tooltip" dir="auto">
      <div className="chart-tooltip-title">
        <bdi>{row.label}</bdi>
      </div>
      {entries.map(({ key, value }) => {
        const def = config[key];
        if (!def) return null;
        const exact = row[exactKey(key)];
        return (
          <div key={key}>
            <div className="chart-tooltip-row">
              <span className="swatch" style={{ background: def.color }} />
              <span>{def.label}</span>
              <span className="value">
                <Num>{fmt.value(def.kind, typeof exact === 'string' ? exact : value)}</Num>
              </span>
            </div>
            {def.kind === 'money' && typeof exact === 'string' ? (
              <div className="chart-tooltip-exact">
                {t('chart.exact')}: <Num>{fmt.money(exact)}</Num>
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
