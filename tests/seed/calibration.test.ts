import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calibration from '../../data/calibration-targets.json' with { type: 'json' };
import { isoToJalali } from '../../server/domain/jalali.ts';
import { SECTORS } from '../../server/domain/reference.ts';
import { seedDatabase, type SeedReport } from '../../server/seed/index.ts';
import { createEmptyDb, type TestDb } from '../helpers/db.ts';

// One `national` seed (≈ 4 s on SQLite) shared by every check; each test names its tolerance.
let t: TestDb;
let report: SeedReport;

async function rows<R>(query: string): Promise<R[]> {
  return (await sql<R>`${sql.raw(query)}`.execute(t.db)).rows;
}
async function one<R>(query: string): Promise<R> {
  const [row] = await rows<R>(query);
  if (!row) throw new Error(`no row: ${query}`);
  return row;
}
async function count(query: string): Promise<number> {
  return Number((await one<{ n: number }>(query)).n);
}

const OPERATING = 'select unit_id from employment where year = 1403';

beforeAll(async () => {
  t = await createEmptyDb('sqlite');
  report = await seedDatabase(t.location, { scale: 'national' });
}, 120_000);
afterAll(async () => {
  await t.destroy();
});

describe('national calibration (data/calibration-targets.json)', () => {
  it('units operating in 1403: 51,000 ±3%', async () => {
    const n = await count(`select count(*) as n from (${OPERATING}) e`);
    const target = calibration.units_in_parks_operational.target;
    expect(Math.abs(n - target) / target).toBeLessThanOrEqual(0.03);
  });

  it('parks and zones: 1,000 ±5%', async () => {
    const n = await count('select count(*) as n from parks');
    expect(Math.abs(n - 1000) / 1000).toBeLessThanOrEqual(0.05);
    expect(report.counts.parks).toBe(n);
  });

  it('parks (incl. specialised and technology) vs zones: 57% ±3 pts', async () => {
    const share = (
      await one<{ s: number }>(
        "select avg(case when kind = 'zone' then 0.0 else 1.0 end) as s from parks",
      )
    ).s;
    expect(Math.abs(share - calibration.park_vs_zone_share.target[0]!)).toBeLessThanOrEqual(0.03);
  });

  it('clusters: 470 ±5%', async () => {
    const n = await count('select count(*) as n from clusters');
    expect(Math.abs(n - 470) / 470).toBeLessThanOrEqual(0.05);
  });

  it('sector mix of operating units: each share2019 ±2 pts', async () => {
    const mix = await rows<{ code: string; s: number }>(
      `select s.code, count(*) * 1.0 / (select count(*) from (${OPERATING}) x) as s
       from units u join sectors s on s.id = u.sector_id where u.id in (${OPERATING}) group by s.code`,
    );
    expect(mix).toHaveLength(SECTORS.length);
    for (const sector of SECTORS) {
      const got = mix.find((m) => m.code === sector.code)?.s ?? 0;
      expect(Math.abs(got - sector.share2019), sector.code).toBeLessThanOrEqual(0.02);
    }
  });

  it('largest provinces are exactly Isfahan > Tehran > Fars; smallest exactly Ilam, North Khorasan, Kohgiluyeh', async () => {
    const byProvince = await rows<{ code: string; n: number }>(
      `select p.code, count(*) as n from units u join provinces p on p.id = u.province_id
       where u.id in (${OPERATING}) group by p.code order by n desc`,
    );
    expect(byProvince).toHaveLength(31);
    expect(byProvince.slice(0, 3).map((r) => r.code)).toEqual(['IR-10', 'IR-23', 'IR-07']);
    expect(new Set(byProvince.slice(-3).map((r) => r.code))).toEqual(
      new Set(['IR-16', 'IR-28', 'IR-17']),
    );
    // Ratio of the two largest close to the published 6065:5576 (±5%).
    const ratio = byProvince[0]!.n / byProvince[1]!.n;
    expect(Math.abs(ratio / (6065 / 5576) - 1)).toBeLessThanOrEqual(0.05);
  });

  it('mean employees per operating unit: 20 ±10%; total jobs 1.0 M ±10%', async () => {
    const r = await one<{ mean: number; total: number }>(
      'select avg(employees) as mean, sum(employees) as total from employment where year = 1403',
    );
    expect(Math.abs(r.mean - 20) / 20).toBeLessThanOrEqual(0.1);
    expect(Math.abs(r.total - 1e6) / 1e6).toBeLessThanOrEqual(0.1);
  });

  it('size mix in 1403: micro 0.80 / small 0.16 / medium 0.04, each ±5 pts, none above 150', async () => {
    const r = await one<{ micro: number; small: number; medium: number; max: number }>(
      `select avg(case when employees < 10 then 1.0 else 0 end) as micro,
              avg(case when employees between 10 and 49 then 1.0 else 0 end) as small,
              avg(case when employees >= 50 then 1.0 else 0 end) as medium,
              max(employees) as max
       from employment where year = 1403`,
    );
    const target = calibration.size_mix_of_units.target;
    expect(Math.abs(r.micro - target.micro_lt10)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(r.small - target.small_10_49)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(r.medium - target.medium_50_150)).toBeLessThanOrEqual(0.05);
    expect(r.max).toBeLessThanOrEqual(150);
  });

  it('active share: 80% ±3 pts of units not closed operate in 1403', async () => {
    const operating = await count(`select count(*) as n from (${OPERATING}) e`);
    const notClosed = await count("select count(*) as n from units where status <> 'closed'");
    expect(
      Math.abs(operating / notClosed - calibration.share_units_active.target),
    ).toBeLessThanOrEqual(0.03);
  });

  it('statuses agree with employment: idle and closed units have no 1403 row, active and revived do', async () => {
    const wrong = await count(
      `select count(*) as n from units u
       where (u.status in ('idle', 'closed')) = (u.id in (${OPERATING}))`,
    );
    expect(wrong).toBe(0);
    // Revived units skipped at least one year between their first and last rows.
    const gaps = await count(
      `select count(*) as n from (select unit_id, max(year) - min(year) + 1 - count(*) as gap
       from employment e join units u on u.id = e.unit_id where u.status = 'revived' group by unit_id) g
       where gap > 0`,
    );
    expect(gaps).toBe(await count("select count(*) as n from units where status = 'revived'"));
  });

  it('new units licensed each year 1397–1403: 2,800 ±15%', async () => {
    const perYear = await rows<{ y: number; n: number }>(
      'select licence_year as y, count(*) as n from units where licence_year between 1397 and 1403 group by licence_year',
    );
    expect(perYear).toHaveLength(7);
    for (const { y, n } of perYear) {
      expect(Math.abs(n - 2800) / 2800, String(y)).toBeLessThanOrEqual(0.15);
    }
  });

  it('exporters: 3% ±1 pt of operating units', async () => {
    const share = (
      await one<{ s: number }>(
        `select avg(exporter * 1.0) as s from units where id in (${OPERATING})`,
      )
    ).s;
    expect(
      Math.abs(share - calibration.exporting_smes.target_share_of_active_units),
    ).toBeLessThanOrEqual(0.01);
  });

  it('all 85 support headings are used; finance then training (ENT) are the commonest categories', async () => {
    expect(await count('select count(distinct heading_id) as n from grants')).toBe(
      calibration.support_headings.target,
    );
    const byCategory = await rows<{ code: string }>(
      `select c.code from grants g join support_headings h on h.id = g.heading_id
       join support_categories c on c.id = h.category_id group by c.code order by count(*) desc`,
    );
    expect(byCategory.slice(0, 2).map((r) => r.code)).toEqual(['FIN', 'ENT']);
  });

  it('eligibility: export headings go ≥ 90% to exporters, cluster headings only to cluster members, revival only to idle or revived units', async () => {
    const exportShare = (
      await one<{ s: number }>(
        `select avg(u.exporter * 1.0) as s from grants g join units u on u.id = g.unit_id
       join support_headings h on h.id = g.heading_id
       where h.code in ('FIN-08','MKT-02','MKT-03','MKT-05','MKT-09','MKT-13','MKT-16')`,
      )
    ).s;
    expect(exportShare).toBeGreaterThanOrEqual(0.9);
    expect(
      await count(
        `select count(*) as n from grants g join units u on u.id = g.unit_id join support_headings h on h.id = g.heading_id
         where h.code in ('FIN-18','TEC-01','ENT-09','MKT-14') and u.cluster_id is null`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from grants g join units u on u.id = g.unit_id join support_headings h on h.id = g.heading_id
         where h.code = 'FIN-04' and u.status not in ('idle', 'revived')`,
      ),
    ).toBe(0);
  });

  it('amounts are integer rials; disbursed ≤ approved ≤ requested; amounts match statuses', async () => {
    expect(
      await count(
        `select count(*) as n from grants where typeof(requested_amount) <> 'integer'
         or (approved_amount is not null and typeof(approved_amount) <> 'integer')
         or (disbursed_amount is not null and typeof(disbursed_amount) <> 'integer')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from grants where approved_amount > requested_amount
         or disbursed_amount > approved_amount or requested_amount <= 0`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from grants where (status = 'disbursed') <> (disbursed_amount is not null)
         or (status = 'disbursed') <> (disbursed_on is not null)
         or (status in ('applied', 'rejected') and approved_amount is not null)
         or (status in ('approved', 'disbursed') and approved_amount is null)`,
      ),
    ).toBe(0);
  });

  it('loans fall in 1e9–5e10 rials and training in 1e7–1e8', async () => {
    const r = await rows<{ instrument: string; lo: number; hi: number }>(
      `select h.instrument, min(requested_amount) as lo, max(requested_amount) as hi
       from grants g join support_headings h on h.id = g.heading_id group by h.instrument`,
    );
    const loan = r.find((x) => x.instrument === 'loan');
    const training = r.find((x) => x.instrument === 'training');
    expect(loan && loan.lo >= 1e9 && loan.hi <= 5e10).toBe(true);
    expect(training && training.lo >= 1e7 && training.hi <= 1e8).toBe(true);
  });

  it('disbursed is the majority status and every status occurs', async () => {
    const byStatus = await rows<{ status: string; n: number }>(
      'select status, count(*) as n from grants group by status order by n desc',
    );
    expect(byStatus.map((r) => r.status).sort()).toEqual([
      'applied',
      'approved',
      'cancelled',
      'disbursed',
      'rejected',
    ]);
    const total = byStatus.reduce((a, r) => a + r.n, 0);
    expect(byStatus[0]?.status).toBe('disbursed');
    expect(byStatus[0]!.n / total).toBeGreaterThan(0.5);
  });

  it('grant year/month are the Jalali date of disbursement (or application), applied ≤ disbursed', async () => {
    const grants = await rows<{
      year: number;
      month: number;
      applied_on: string;
      disbursed_on: string | null;
    }>('select year, month, applied_on, disbursed_on from grants');
    let wrong = 0;
    for (const g of grants) {
      const j = isoToJalali(g.disbursed_on ?? g.applied_on);
      if (j.year !== g.year || j.month !== g.month) wrong++;
      if (g.disbursed_on !== null && g.disbursed_on < g.applied_on) wrong++;
    }
    expect(wrong).toBe(0);
    expect(grants.every((g) => g.year >= 1396 && g.year <= 1403)).toBe(true);
    expect(report.asOf).toBe(
      grants.reduce(
        (max, g) =>
          g.disbursed_on && g.disbursed_on > max
            ? g.disbursed_on
            : g.applied_on > max
              ? g.applied_on
              : max,
        '',
      ),
    );
  });

  it('cluster units are in the cluster’s province and sector; park units in the park’s province', async () => {
    expect(
      await count(
        `select count(*) as n from units u join clusters c on c.id = u.cluster_id
         where c.province_id <> u.province_id or c.sector_id <> u.sector_id`,
      ),
    ).toBe(0);
    expect(
      await count(
        'select count(*) as n from units u join parks p on p.id = u.park_id where p.province_id <> u.province_id',
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) as n from units u join parks p on p.id = u.park_id where p.status = 'inactive'",
      ),
    ).toBe(0);
  });

  it('employment only for Jalali years 1396–1403, never after a unit closed', async () => {
    expect(
      await count('select count(*) as n from employment where year < 1396 or year > 1403'),
    ).toBe(0);
    expect(await count('select count(distinct year) as n from employment')).toBe(8);
  });

  it('supported units grow faster than unsupported ones (something real for the impact analysis)', async () => {
    const r = await rows<{ supported: number; growth: number }>(
      `select s.supported, sum(b.employees) * 1.0 / sum(a.employees) as growth
       from employment a join employment b on b.unit_id = a.unit_id and b.year = 1403
       join (select u.id, exists (select 1 from grants g where g.unit_id = u.id and g.status = 'disbursed'
             and g.year between 1400 and 1402) as supported from units u) s on s.id = a.unit_id
       where a.year = 1400 group by s.supported`,
    );
    const growth = (flag: number): number =>
      r.find((x) => Number(x.supported) === flag)?.growth ?? 0;
    expect(growth(1)).toBeGreaterThan(growth(0) + 0.05);
  });

  it('codes follow PK-pp-nnn, CL-pp-nnn, U + 7 digits, G + 9 digits, pp = the province code', async () => {
    expect(
      await count(
        `select count(*) as n from parks p join provinces v on v.id = p.province_id
         where p.code not like 'PK-' || substr(v.code, 4) || '-___'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from clusters c join provinces v on v.id = c.province_id
         where c.code not like 'CL-' || substr(v.code, 4) || '-___'`,
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) as n from units where code not glob 'U[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'",
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) as n from grants where length(code) <> 10 or code not glob 'G[0-9]*'",
      ),
    ).toBe(0);
  });

  it('dataset facts are written, seeded_at last', async () => {
    const meta = Object.fromEntries(
      (await rows<{ key: string; value: string }>('select key, value from dataset_meta')).map(
        (r) => [r.key, r.value],
      ),
    );
    expect(meta).toMatchObject({
      synthetic: 'true',
      scale: 'national',
      seed: '1403',
      as_of: report.asOf,
    });
    expect(meta.source).toMatch(/synthetic/i);
    expect(meta.seeded_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('synthetic plan: 544 targets; every national and provincial target is within 70–140% of its actual', async () => {
    expect(report.counts.targets).toBe(544);
    // the actuals per the metric definitions, per year and province (the whole country = the sum)
    const actual = new Map<string, number>();
    const add = (year: number, province: number | null, metric: string, v: number) => {
      for (const p of [province, null]) {
        const key = `${year}|${p}|${metric}`;
        actual.set(key, (actual.get(key) ?? 0) + Number(v));
      }
    };
    for (const r of await rows<{ y: number; p: number; a: number; g: number }>(
      `select g.year as y, u.province_id as p, sum(disbursed_amount) as a, count(*) as g
       from grants g join units u on u.id = g.unit_id
       where g.status = 'disbursed' and g.year >= 1401 group by 1, 2`,
    )) {
      add(r.y, r.p, 'amount', r.a);
      add(r.y, r.p, 'grants', r.g);
    }
    for (const r of await rows<{ y: number; p: number; s: number }>(
      `select g.year as y, u.province_id as p, count(distinct g.unit_id) as s
       from grants g join units u on u.id = g.unit_id
       join employment e on e.unit_id = g.unit_id and e.year = g.year
       where g.status = 'disbursed' and g.year >= 1401 group by 1, 2`,
    ))
      add(r.y, r.p, 'supportedUnits', r.s);
    for (const r of await rows<{ y: number; p: number; n: number; e: number }>(
      `select e.year as y, u.province_id as p, count(*) as n, sum(employees) as e
       from employment e join units u on u.id = e.unit_id where e.year >= 1401 group by 1, 2`,
    )) {
      add(r.y, r.p, 'units', r.n);
      add(r.y, r.p, 'employment', r.e);
    }
    const targets = await rows<{ code: string; y: number; p: number | null; m: string; v: number }>(
      `select code, year as y, province_id as p, metric as m, value as v from targets
       where category_id is null and heading_id is null`,
    );
    expect(targets).toHaveLength(3 * 32 * 5);
    for (const t of targets) {
      const r = Number(t.v) / (actual.get(`${t.y}|${t.p}|${t.m}`) ?? NaN);
      expect(r, t.code).toBeGreaterThan(0.7);
      expect(r, t.code).toBeLessThan(1.4);
    }
  });
});
