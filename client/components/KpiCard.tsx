import { METRIC_DEFS, type Metric } from '../../server/domain/metrics.ts';
import { useLocale } from '../lib/locale.ts';
import { Num } from './Num.tsx';

export interface KpiCardProps {
  metric: Metric;
  value: number | string | null;
  /** Relative change (or percentage-point difference) against the previous period. */
  change: number | null;
  changeKind: 'relative' | 'points';
  /** The previous range («۱۳۹۶ تا ۱۴۰۰»), or null when the data has none. */
  previousRange: string | null;
}

/**
 * One KPI: label, the value (money compact, exact in the title), and the change with an arrow.
 * The value element carries `data-testid="kpi-<metric>"` for tests.
 */
export function KpiCard({ metric, value, change, changeKind, previousRange }: KpiCardProps) {
  const { t, fmt } = useLocale();
  const kind = METRIC_DEFS[metric].kind;
  const text = fmt.value(kind, value);
  const changeText =
    change === null
      ? null
      : changeKind === 'points'
        ? t('kpi.points', { value: fmt.signed(change * 100, 1) })
        : fmt.signedPercent(change);
  const direction = change === null || Math.abs(change) < 1e-9 ? '' : change > 0 ? 'up' : 'down';
  return (
    <li className="kpi">
      <p className="kpi-label" title={METRIC_DEFS[metric].definition[fmt.locale.lang]}>
        {t(`metric.${metric}`)}
      </p>
      <p className="kpi-value" data-testid={`kpi-${metric}`}>
        <Num>{text}</Num>
      </p>
      {kind === 'money' && typeof value === 'string' ? (
        <p className="kpi-change">
          <Num>{fmt.money(value)}</Num>
        </p>
      ) : null}
      <p className="kpi-change">
        {changeText && previousRange ? (
          <>
            <span className={direction}>
              <span aria-hidden="true">
                {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
              </span>
              <Num>{changeText}</Num>
            </span>{' '}
            {t('kpi.vsPrevious', { range: previousRange })}
          </>
        ) : (
          t('kpi.noPrevious')
        )}
      </p>
    </li>
  );
}
