import type { DatasetSpec, GrantSpec, TargetSpec, UnitSpec } from '../helpers/builders.ts';

const B = 1_000_000_000;

/**
 * Six provinces of four units each (employment in 1401 and 1402), for the key messages: per
 * province, the grants of 1401 and 1402 (heading, amount in billion rials), paid to its first
 * units one grant each. Worked out in tests/queries/key-messages.test.ts.
 */
const PLAN: Record<string, { y1401: [string, number][]; y1402: [string, number][] }> = {
  'IR-00': {
    y1401: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
    y1402: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
  },
  'IR-07': {
    y1401: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
    y1402: [['FIN-01', 100]],
  },
  'IR-10': {
    y1401: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
    y1402: [
      ['FIN-01', 90],
      ['FIN-01', 90],
      ['MKT-01', 90],
      ['MKT-01', 90],
    ],
  },
  'IR-21': {
    y1401: [['FIN-01', 100]],
    y1402: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
  },
  'IR-23': {
    y1401: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
    y1402: [
      ['FIN-01', 100],
      ['MKT-01', 100],
      ['FIN-01', 100],
    ],
  },
  'IR-25': {
    y1401: [
      ['FIN-01', 100],
      ['FIN-01', 100],
    ],
    y1402: [
      ['FIN-01', 1500],
      ['FIN-01', 1500],
    ],
  },
};

export const KEY_MESSAGES_FIXTURE: DatasetSpec = {
  units: Object.entries(PLAN).flatMap(([province, years]) =>
    [0, 1, 2, 3].map((i): UnitSpec => {
      const grants: GrantSpec[] = [];
      const g1 = years.y1401[i];
      const g2 = years.y1402[i];
      if (g1) grants.push({ heading: g1[0], year: 1401, month: 4, amount: g1[1] * B });
      if (g2) grants.push({ heading: g2[0], year: 1402, month: 4, amount: g2[1] * B });
      return {
        code: `${province}-U${i}`,
        province,
        sector: 'METL',
        employment: { 1401: 10 + i, 1402: 12 + i },
        grants,
      };
    }),
  ),
  meta: { synthetic: 'false', scale: 'fixture', as_of: '2023-09-01', source: 'test fixture' },
};

export const KEY_MESSAGES_TARGETS: TargetSpec[] = [
  { year: 1402, metric: 'amount', value: 5000 * B },
  { year: 1402, province: 'IR-10', metric: 'amount', value: 400 * B },
  { year: 1402, province: 'IR-07', metric: 'units', value: 5 },
];
