import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../server/import/report.ts';
import { startHttpFixture, type HttpFixture } from '../http/http-fixture.ts';
import { dataCounts, dumpHash, MALFORMED_DIR, VALID_CSVS, VALID_DIR } from './helpers.ts';

let f: HttpFixture;
beforeAll(async () => {
  f = await startHttpFixture();
});
afterAll(() => f.close());

/** Imports are for administrators: every request carries the fixture admin's session (#8). */
function authed(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    ...init,
    headers: { ...f.admin.headers, ...(init.headers as Record<string, string> | undefined) },
  });
}

function upload(path: string, query = '', headers: Record<string, string> = {}): Promise<Response> {
  return authed(`${f.baseUrl}/api/import${query}`, {
    method: 'POST',
    headers: { 'X-File-Name': encodeURIComponent(basename(path)), ...headers },
    body: readFileSync(path),
  });
}

/** Several files in one request: names and sizes in headers, the files back to back. */
function uploadMany(paths: string[], query = '', sizes?: number[]): Promise<Response> {
  const bodies = paths.map((p) => readFileSync(p));
  return authed(`${f.baseUrl}/api/import${query}`, {
    method: 'POST',
    headers: {
      'X-File-Names': paths.map((p) => encodeURIComponent(basename(p))).join(','),
      'X-File-Sizes': (sizes ?? bodies.map((b) => b.length)).join(','),
    },
    body: Buffer.concat(bodies),
  });
}

/** The valid dataset (the workbook, or the five CSVs) as row counts. */
const VALID_COUNTS = { parks: 3, clusters: 1, units: 3, employment: 5, grants: 4, targets: 6 };

describe('import over HTTP', () => {
  it('serves every template as a BOM-prefixed CSV, and the list as JSON', async () => {
    const res = await authed(`${f.baseUrl}/api/templates/grants.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('code,unit,heading,status');
    expect((await authed(`${f.baseUrl}/api/templates/nothing.csv`)).status).toBe(404);
    const list = (await (await authed(`${f.baseUrl}/api/templates`)).json()) as {
      templates: { entity: string }[];
    };
    expect(list.templates.map((t) => t.entity)).toContain('units');
    const targets = await authed(`${f.baseUrl}/api/templates/targets.csv`);
    expect(targets.status).toBe(200);
    // text() drops the BOM
    expect((await targets.text()).split('\r\n')[0]).toBe('year,province,support,metric,value');
  });

  it('dry-runs, rejects bad rows with a report, imports a workbook and lists the history', async () => {
    const before = await dumpHash(f.db);
    const dry = (await (
      await upload(join(VALID_DIR, 'agency-data.xlsx'), '?dryRun=1')
    ).json()) as ImportReport;
    expect(dry, dry.failure ?? '').toMatchObject({ outcome: 'ok', dryRun: true, committed: false });
    expect(dry.counts.grants?.inserted).toBe(4);
    expect(await dumpHash(f.db)).toBe(before);

    const imported = (await (
      await upload(join(VALID_DIR, 'agency-data.xlsx'))
    ).json()) as ImportReport;
    expect(imported, imported.failure ?? '').toMatchObject({ outcome: 'ok', committed: true });
    // the serving connection sees the committed data
    expect(await dataCounts(f.db)).toEqual(VALID_COUNTS);

    const after = await dumpHash(f.db);
    const res = await upload(join(MALFORMED_DIR, '25-grants-disbursed-above-approved.csv'), '', {
      Accept: 'application/x-ndjson',
    });
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => 'progress' in l)).toBe(true);
    const rejected = lines.at(-1)?.report as ImportReport;
    expect(rejected.outcome).toBe('rejected');
    expect(rejected.issues[0]).toMatchObject({
      row: 2,
      column: 'disbursed_amount',
      code: 'disbursed_above_approved',
    });
    expect(await dumpHash(f.db)).toBe(after);

    const history = (await (await authed(`${f.baseUrl}/api/import/history`)).json()) as {
      imports: { outcome: string; fileName: string; user: string | null }[];
    };
    // each import names who ran it: the signed-in administrator
    expect(history.imports.map((i) => [i.outcome, i.fileName, i.user])).toEqual([
      ['rejected', '25-grants-disbursed-above-approved.csv', f.admin.user.username],
      ['ok', 'agency-data.xlsx', f.admin.user.username],
    ]);
  });

  it('keeps Persian file names and refuses uploads without a usable name', async () => {
    const named = (await (
      await authed(`${f.baseUrl}/api/import?dryRun=1`, {
        method: 'POST',
        headers: { 'X-File-Name': encodeURIComponent('اشتغال ۱۴۰۲.csv') },
        body: readFileSync(join(VALID_DIR, 'employment.csv')),
      })
    ).json()) as ImportReport;
    expect(named.files[0]?.name).toBe('اشتغال ۱۴۰۲.csv');
    expect(named.files[0]?.parts[0]?.entity).toBe('employment');
    const res = await authed(`${f.baseUrl}/api/import`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; messageFa: string } };
    expect(body.error.code).toBe('NO_FILE_NAME');
    expect(body.error.messageFa.length).toBeGreaterThan(0);
  });

  it('imports several files in one request, in one transaction', async () => {
    await authed(`${f.baseUrl}/api/import/clear`, { method: 'POST' });
    const empty = { parks: 0, clusters: 0, units: 0, employment: 0, grants: 0, targets: 0 };
    expect(await dataCounts(f.db)).toEqual(empty);
    const bad = join(MALFORMED_DIR, '25-grants-disbursed-above-approved.csv');

    // one bad file: nothing from the good ones is written either
    const rejected = (await (await uploadMany([...VALID_CSVS, bad])).json()) as ImportReport;
    expect(rejected.outcome).toBe('rejected');
    expect(rejected.files.map((x) => x.name)).toEqual([
      ...VALID_CSVS.map((p) => basename(p)),
      basename(bad),
    ]);
    expect(rejected.issues[0]).toMatchObject({
      file: basename(bad),
      code: 'disbursed_above_approved',
    });
    expect(await dataCounts(f.db)).toEqual(empty);

    // a body that does not match the declared sizes is refused before anything is read
    for (const sizes of [
      VALID_CSVS.map((p) => readFileSync(p).length + 1),
      VALID_CSVS.map((p) => readFileSync(p).length - 1),
    ]) {
      const res = await uploadMany(VALID_CSVS, '', sizes);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; messageFa: string } };
      expect(body.error.code).toBe('FILE_SIZES_MISMATCH');
      expect(body.error.messageFa).toContain('X-File-Sizes');
    }
    const listRes = await uploadMany(VALID_CSVS, '', [1, 2]);
    expect(listRes.status).toBe(400);
    expect(((await listRes.json()) as { error: { code: string } }).error.code).toBe(
      'BAD_FILE_LIST',
    );
    expect(await dataCounts(f.db)).toEqual(empty);

    // the six templates, in no particular order (units in Windows-1256), as one import
    const ok = (await (await uploadMany(VALID_CSVS)).json()) as ImportReport;
    expect(ok, ok.failure ?? '').toMatchObject({ outcome: 'ok', committed: true });
    expect(await dataCounts(f.db)).toEqual(VALID_COUNTS);
    const history = (await (await authed(`${f.baseUrl}/api/import/history`)).json()) as {
      imports: { outcome: string; fileName: string }[];
    };
    expect(history.imports[0]?.outcome).toBe('ok');
    expect(history.imports[0]?.fileName).toContain('units-windows-1256.csv');
    expect(history.imports[0]?.fileName).toContain('grants.csv');
  });

  it('clears the dataset with one request', async () => {
    const res = await authed(`${f.baseUrl}/api/import/clear`, { method: 'POST' });
    const report = (await res.json()) as ImportReport;
    expect(report).toMatchObject({ outcome: 'ok', cleared: true });
    expect(await dataCounts(f.db)).toEqual({
      parks: 0,
      clusters: 0,
      units: 0,
      employment: 0,
      grants: 0,
      targets: 0,
    });
  });
});
