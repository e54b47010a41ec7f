import type { MessageKey } from '../../i18n/index.ts';
import { useLocale } from '../../lib/locale.ts';

const LEVELS = ['sourced', 'inferred', 'brief', 'illustrative'] as const;
type Evidence = (typeof LEVELS)[number];

function levelOf(value: string): Evidence {
  return LEVELS.find((l) => l === value) ?? 'illustrative';
}

/** How well a heading is documented: a published source, inferred, a brief mention, or illustrative. */
export function EvidenceBadge({ evidence }: { evidence: string }) {
  const { t } = useLocale();
  const level = levelOf(evidence);
  return (
    <span className={`evidence evidence-${level}`} title={t(`evidence.${level}Note` as MessageKey)}>
      {t(`evidence.${level}` as MessageKey)}
    </span>
  );
}

/** The key to the badges, stated plainly: most headings are illustrative, not an official list. */
export function EvidenceLegend({ counts }: { counts: Record<string, number> }) {
  const { t, fmt } = useLocale();
  return (
    <dl className="evidence-legend">
      {LEVELS.map((level) => (
        <div key={level}>
          <dt>
            <EvidenceBadge evidence={level} />{' '}
            <bdi className="num">{fmt.number(counts[level] ?? 0)}</bdi>
          </dt>
          <dd>{t(`evidence.${level}Note` as MessageKey)}</dd>
        </div>
      ))}
    </dl>
  );
}
