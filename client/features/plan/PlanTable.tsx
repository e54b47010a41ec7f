import type { PlanMetric } from '../../../server/domain/plan.ts';
import { Num } from '../../components/Num.tsx';
import { useLocale } from '../../lib/locale.ts';
import { usePlanText } from './plan-text.ts';
import type { PlanResult } from '../../lib/queries.ts';

/**
 * A plan ranking: each group's actual, target and achievement, with a bar whose marker is the
 * expected pace (the share of the year gone), so "behind plan" reads the same in Mehr and Esfand.
 */
export function PlanTable({
  result,
  metric,
  label,
  testId,
}: {
  result: PlanResult;
  metric: PlanMetric;
  label: string;
  testId: string;
}) {
  const { fmt, lang } = useLocale();
  const pt = usePlanText();
  const kind = metric === 'amount' ? 'money' : 'count';
  const pace = result.total.current ? result.total.pace : null;
  const scale = Math.max(1.25, ...result.rows.map((r) => r.achievement ?? 0));
  return (
    <table className="plan-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col">{pt('actual')}</th>
          <th scope="col">{pt('target')}</th>
          <th scope="col">{pt('achievement')}</th>
          <th scope="col" aria-hidden="true" />
        </tr>
      </thead>
      <tbody>
        {result.rows.map((row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">{lang === 'fa' ? row.nameFa : row.nameEn}</th>
            <td className="num">
              <Num>{fmt.value(kind, row.actual)}</Num>
            </td>
            <td className="num">
              <Num>{row.target === null ? pt('none') : fmt.value(kind, row.target)}</Num>
            </td>
            <td className="num" data-testid="achievement">
              <Num>{fmt.percent(row.achievement)}</Num>
            </td>
            <td aria-hidden="true">
              {row.achievement !== null ? (
                <div className="plan-bar">
                  <div
                    className="plan-bar-fill"
                    style={{ inlineSize: `${(Math.min(row.achievement, scale) / scale) * 100}%` }}
                  />
                  <div
                    className="plan-bar-pace"
                    style={{ insetInlineStart: `${((pace ?? 1) / scale) * 100}%` }}
                  />
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
