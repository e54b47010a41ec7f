import type { Filters } from '../../../server/domain/filters.ts';
import { Num } from '../../components/Num.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { useLocale } from '../../lib/locale.ts';
import { useDimensions } from '../../lib/queries.ts';
import {
  impactVerdict,
  pctToRatio,
  type ImpactGroupValues,
  type ImpactValues,
} from './impact-rows.ts';
import { messageParts } from './rich-message.ts';

/** The two groups side by side, then the verdict in one sentence. */
export function ImpactGroups({ impact, filters }: { impact: ImpactValues; filters: Filters }) {
  const { t, fmt } = useLocale();
  const verdict = impactVerdict(impact);
  const range = impact.range;
  const values: Record<string, string> = {
    difference: fmt.number(Math.abs(impact.differencePct ?? 0), 1),
    supported: fmt.signedPercent(pctToRatio(impact.supported.changePct)),
    comparison: fmt.signedPercent(pctToRatio(impact.comparison.changePct)),
  };
  return (
    <div className="impact">
      <p className="impact-selection">
        <SelectionText filters={filters} /> · <Num>{fmt.yearRange(range.from, range.to)}</Num>
      </p>
      <div className="impact-groups">
        <GroupCard
          title={t('impact.supported')}
          note={t('impact.supportedShort')}
          group={impact.supported}
          range={range}
          tone="supported"
        />
        <GroupCard
          title={t('impact.comparison')}
          note={t('impact.comparisonShort')}
          group={impact.comparison}
          range={range}
          tone="comparison"
          reweighted
        />
      </div>
      <p className="impact-verdict" role="status">
        {messageParts(t(`impact.verdict.${verdict}` as MessageKey)).map((part, i) =>
          'text' in part ? part.text : <Num key={i}>{values[part.placeholder] ?? ''}</Num>,
        )}
      </p>
    </div>
  );
}

function GroupCard({
  title,
  note,
  group,
  range,
  tone,
  reweighted = false,
}: {
  title: string;
  note: string;
  group: ImpactGroupValues;
  range: { from: number; to: number };
  tone: 'supported' | 'comparison';
  reweighted?: boolean;
}) {
  const { t, fmt, dir } = useLocale();
  const change = pctToRatio(group.changePct);
  const arrow = dir === 'rtl' ? ' ← ' : ' → ';
  return (
    <section className={`impact-card impact-${tone}`} aria-label={title}>
      <h3>{title}</h3>
      <p className="hint">{note}</p>
      <dl>
        <div>
          <dt>{t('impact.groupSize')}</dt>
          <dd>
            <Num>{fmt.number(group.units)}</Num>
          </dd>
        </div>
        <div>
          <dt>
            {t(reweighted ? 'impact.employmentReweighted' : 'impact.employment', {
              from: fmt.year(range.from),
              to: fmt.year(range.to),
            })}
          </dt>
          <dd>
            <Num>{fmt.number(group.employmentFrom)}</Num>
            {arrow}
            <Num>{fmt.number(group.employmentTo)}</Num>
          </dd>
        </div>
        <div>
          <dt>{t('impact.change')}</dt>
          <dd className={`impact-change ${change !== null && change < 0 ? 'down' : 'up'}`}>
            <Num>{fmt.signedPercent(change)}</Num>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Which programme the result is about: the chosen headings, categories, or all support. */
function SelectionText({ filters }: { filters: Filters }) {
  const { t, name } = useLocale();
  const dimensions = useDimensions();
  if (filters.heading.length > 0) {
    const names = filters.heading.map((code) => {
      const h = dimensions.data?.headings.find((x) => x.code === code);
      return h ? name(h) : code;
    });
    return <>{t('impact.forHeadings', { names: names.join(t('impact.listSeparator')) })}</>;
  }
  if (filters.category.length > 0) {
    const names = filters.category.map((code) => {
      const c = dimensions.data?.categories.find((x) => x.code === code);
      return c ? name(c) : code;
    });
    return <>{t('impact.forCategories', { names: names.join(t('impact.listSeparator')) })}</>;
  }
  return <>{t('impact.forAll')}</>;
}
