import { describe, expect, it } from 'vitest';
import {
  clusterTableRows,
  sumClustersBySector,
} from '../../client/features/clusters/cluster-rows.ts';

const sectors = [
  { code: 'METL', nameFa: 'فلزی', nameEn: 'Metal' },
  { code: 'FOOD', nameFa: 'غذایی', nameEn: 'Food' },
  { code: 'TEXT', nameFa: 'نساجی', nameEn: 'Textiles' },
];
const cluster = (
  key: string,
  key2: string | undefined,
  units: number,
  supported: number,
  amount: string,
) => ({
  key,
  key2,
  units,
  employment: units * 10,
  supportedUnits: supported,
  grants: supported * 2,
  amount,
});

describe('sumClustersBySector', () => {
  const rows = [
    cluster('C1', 'FOOD', 10, 4, '9007199254740993'),
    cluster('C2', 'FOOD', 5, 1, '7'),
    cluster('C3', 'METL', 20, 0, '0'),
    cluster('others', undefined, 99, 9, '99'),
  ];
  it('sums each sector in reference order, skipping sectors without clusters and the others row', () => {
    const out = sumClustersBySector(rows, sectors, ['units', 'supportedUnits', 'coverage'], 'en');
    expect(out.map((r) => [r.key, r.label, r.units, r.supportedUnits])).toEqual([
      ['METL', 'Metal', 20, 0],
      ['FOOD', 'Food', 15, 5],
    ]);
    expect(out[1]?.coverage).toBeCloseTo(5 / 15);
  });
  it('keeps money exact beyond 2^53', () => {
    const out = sumClustersBySector(rows, sectors, ['amount'], 'fa');
    expect(out[1]?.amountExact).toBe('9007199254741000');
    expect(out[1]?.label).toBe('غذایی');
  });
});

describe('clusterTableRows', () => {
  it('keys rows by cluster code and names province and sector', () => {
    const out = clusterTableRows(
      [
        {
          code: 'CL-23-001',
          nameFa: 'خوشه',
          nameEn: 'Cluster',
          province: 'IR-23',
          sector: 'FOOD',
          units: 3,
        },
        { code: 'CL-99-001', nameFa: 'خوشه ۲', nameEn: 'Cluster 2', province: 'IR-99', units: 1 },
      ],
      [{ code: 'IR-23', nameFa: 'تهران', nameEn: 'Tehran' }],
      sectors,
      ['units'],
      'en',
    );
    expect(out.map((r) => [r.key, r.label, r.province, r.sector, r.units])).toEqual([
      ['CL-23-001', 'Cluster', 'Tehran', 'Food', 3],
      ['CL-99-001', 'Cluster 2', 'IR-99', '', 1],
    ]);
  });
});
