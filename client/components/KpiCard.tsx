import { METRIC_DEFS, type Metric } from '../../server/domain/metrics.ts';
import type { Period } from '../../server/domain/period.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useLocale } from '../lib/locale.ts';
import { Num } from './Num.tsx';

export interface KpiCardProps {
  metric: Metric;
  /** The value for `period`. */
  value: number | string | null;
  /** The period the value answers (the page's). */
  period: Period;
  /** Relative change (or percentage-point difference) against `comparedWith`. */
  change: number | null;
  changeKind: 'relative' | 'points';
  /** The change is the latest year's (the period has no earlier period of its length). */
  latest: { year: number; value: number | string | null } | null;
  /** The period compared with, or null when the data has none. */
  comparedWith: Period | null;
  /** The plan's target for exactly what the card answers, when there is one (docs/plans.md). */
  plan?:
    | { target: string | null; achievement: number | null; pace: number | null; current: boolean }
    | undefined;
}

/** What the value covers, in words, by the metric's period (metrics.ts `period`). */
const COVERS: Record<(typeof METRIC_DEFS)[Metric]['period'], MessageKey> = {
  last: 'kpi.coversLast',
  range: 'kpi.coversRange',
  change: 'kpi.coversChange',
};

/**
 * One KPI: label, the value for the page's period (money compact, exact below), what that value
 * covers in words («در سال ۱۴۰۳», «از واحدهای سال ۱۴۰۳، حمایت‌شده در ۱۳۹۶ تا ۱۴۰۳»), and the
 * change with an arrow, saying what it compares. The value element carries
 * `data-testid="kpi-<metric>"` for tests.
 */
export function KpiCard({
  metric,
  value,
  period,
  change,
  changeKind,
  latest,
  comparedWith,
  plan,
}: KpiCardProps) {
  const { t, fmt } = useLocale();
  const def = METRIC_DEFS[metric];
  const kind = def.kind;
  const text = fmt.value(kind, value);
  const range = fmt.yearRange(period.from, period.to);
  const covers =
    metric === 'supportedUnits'
      ? t('kpi.coversSupported', { year: fmt.year(period.to), range })
      : metric === 'coverage'
        ? t('kpi.coversCoverage', { year: fmt.year(period.to), range })
        : t(COVERS[def.period], {
            year: fmt.year(period.to),
            from: fmt.year(period.from),
            range,
          });
  const changeText =
    change === null
      ? null
      : changeKind === 'points'
        ? t('kpi.points', { value: fmt.signed(change * 100, 1) })
        : fmt.signedPercent(change);
  const direction = change === null || Math.abs(change) < 1e-9 ? '' : change > 0 ? 'up' : 'down';
  // A stock counted in `to` (units, employment) is the latest year's value already.
  const latestValue =
    latest && def.period !== 'last'
      ? t('kpi.latestValue', {
          year: fmt.year(latest.year),
          value: fmt.value(kind, latest.value),
        })
      : null;
  return (
    <li className="kpi">
      <p className="kpi-label" title={def.definition[fmt.locale.lang]}>
        {t(`metric.${metric}`)}
      </p>
      <p className="kpi-value" data-testid={`kpi-${metric}`}>
        <Num>{text}</Num>
      </p>
      <p className="kpi-change" data-testid={`kpi-covers-${metric}`}>
        {covers}
      </p>
      {kind === 'money' && typeof value === 'string' ? (
        <p className="kpi-change kpi-exact">
          <Num>{fmt.money(value)}</Num>
        </p>
      ) : null}
      {plan?.target ? (
        <p className="kpi-change" data-testid={`kpi-target-${metric}`}>
          <Num>
            {`${t('kpi.target', {
              target: fmt.value(kind, plan.target),
              achievement: fmt.percent(plan.achievement),
            })}${plan.current && plan.pace !== null ? ` (${t('kpi.pace', { pace: fmt.percent(plan.pace) })})` : ''}`}
          </Num>
        </p>
      ) : null}
      <p className="kpi-change" data-testid={`kpi-change-${metric}`}>
        {changeText && comparedWith ? (
          <>
            {latestValue ? (
              <>
                <Num>{latestValue}</Num>{' '}
              </>
            ) : null}
            <span className={direction}>
              <span aria-hidden="true">
                {direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''}
              </span>
              <Num>{changeText}</Num>
            </span>{' '}
            {t(latest && !latestValue ? 'kpi.latestVs' : 'kpi.vsPrevious', {
              year: fmt.year(latest?.year ?? period.to),
              range: fmt.yearRange(comparedWith.from, comparedWith.to),
            })}
          </>
        ) : (
          t('kpi.noPrevious')
        )}
      </p>
    </li>
  );
}
