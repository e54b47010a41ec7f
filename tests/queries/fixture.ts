import type { DatasetSpec } from '../helpers/builders.ts';

/**
 * The hand-checked dataset every query test starts from (expected figures are worked out in the
 * tests). Years: employment 1401–1402, disbursed grants 1400–1402, so the dataset spans 1400–1402.
 */
export const FIXTURE: DatasetSpec = {
  parks: [{ code: 'P1', province: 'IR-10' }],
  clusters: [{ code: 'K1', province: 'IR-10', sector: 'METL' }],
  units: [
    {
      code: 'U1',
      province: 'IR-10',
      sector: 'METL',
      park: 'P1',
      employment: { 1401: 5, 1402: 12 },
      grants: [
        { heading: 'FIN-01', year: 1401, month: 3, amount: 100 },
        { heading: 'FIN-01', year: 1402, month: 7, amount: 200 },
        { heading: 'MKT-01', year: 1402, month: 12, amount: 50, status: 'rejected' },
      ],
    },
    {
      code: 'U2',
      province: 'IR-10',
      sector: 'CHEM',
      employment: { 1401: 60, 1402: 55 },
      grants: [{ heading: 'MKT-01', year: 1402, month: 1, amount: 1000 }],
    },
    {
      code: 'U3',
      province: 'IR-23',
      sector: 'METL',
      employment: { 1402: 20 },
      // A grant in a year without an employment row: it has no size class.
      grants: [{ heading: 'FIN-02', year: 1400, month: 5, amount: 7 }],
    },
    { code: 'U4', province: 'IR-23', sector: 'METL', employment: { 1401: 8 } },
    {
      code: 'U5',
      province: 'IR-10',
      sector: 'METL',
      cluster: 'K1',
      employment: { 1401: 6, 1402: 6 },
      grants: [{ heading: 'FIN-01', year: 1402, month: 2, amount: 999, status: 'applied' }],
    },
  ],
  meta: { synthetic: 'false', scale: 'fixture', as_of: '2024-03-01', source: 'test fixture' },
};
