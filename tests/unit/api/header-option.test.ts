// The `header` argument of the dataset-opening methods: validated in dispatch, passed by the handlers to the loader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src-main/api';
import { noServices, type ApiServices, type LoadOptions } from '../../../src-main/api/services';
import { loadDataset, loadDatasetFromBytes } from '../../../src-main/services/datasets';
import { apiValidators, type DatasetSummary } from '../../../src-shared/api';
import { ok } from '../../../src-shared/result';
import { browserHost, realApi } from './harness';

/** Years over decimals: the detector reads the first row as a header; as data it is one more row. */
const YEARS_CSV = '2019,2020,2021\n0.5,1.25,2.5\n1.5,2.25,3.5\n2.5,3.25,4.5\n3.5,4.25,5.5\n';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-header-'));
const yearsPath = join(dir, 'years.csv');
writeFileSync(yearsPath, YEARS_CSV);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Services over the real loader that remember the options each load was given. */
function recordingServices(seen: LoadOptions[]): ApiServices {
  return {
    ...noServices(),
    loadDataset: async (path, options) => {
      seen.push(options);
      const r = await loadDataset(path, { parallel: false, ...(options.header === undefined ? {} : { header: options.header }) });
      return r.ok ? ok({ data: r.value, bytes: r.value.bytes, seconds: r.value.seconds }) : r;
    },
    loadDatasetFromBytes: async (bytes, name, options) => {
      seen.push(options);
      const r = await loadDatasetFromBytes(bytes, name, options.header === undefined ? {} : { header: options.header });
      return r.ok ? ok({ data: r.value, bytes: r.value.bytes, seconds: r.value.seconds }) : r;
    },
  };
}

function api(seen: LoadOptions[], samplesDir: string | null = dir) {
  return createApi(browserHost(() => undefined, samplesDir), recordingServices(seen)).dispatch;
}

const summaryOf = (r: { ok: boolean; value?: unknown; error?: unknown }): DatasetSummary => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as DatasetSummary;
};

describe('the header argument of openDataset, uploadDataset and openSample', () => {
  const calls = {
    openDataset: { path: '/data/x.csv' },
    uploadDataset: { name: 'x.csv', bytes: new Uint8Array([49, 10]) },
    openSample: { name: 'x.csv' },
  } as const;

  it.each(Object.keys(calls) as (keyof typeof calls)[])('%s accepts true, false or no header, and keeps the answer as given', (method) => {
    const validate = apiValidators[method];
    for (const header of [true, false]) {
      const r = validate({ ...calls[method], header }, 'args');
      expect(r.ok && (r.value as { header?: boolean }).header).toBe(header);
    }
    const absent = validate({ ...calls[method] }, 'args');
    expect(absent.ok && 'header' in absent.value).toBe(false);
  });

  it.each(
    (Object.keys(calls) as (keyof typeof calls)[]).flatMap((method) =>
      (['yes', 'true', 1, 0, null, {}] as unknown[]).map((header) => [method, header] as const),
    ),
  )('%s refuses header %j with a message naming args.header', (method, header) => {
    const r = apiValidators[method]({ ...calls[method], header }, 'args');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('api/invalid-argument');
    expect(r.error.path).toBe('args.header');
    expect(r.error.message).toContain('args.header must be true or false');
  });

  it('dispatch refuses a bad header before any loading starts', async () => {
    const seen: LoadOptions[] = [];
    const r = await api(seen)('openDataset', { path: yearsPath, header: 'no' });
    expect(r.ok).toBe(false);
    expect(seen).toEqual([]);
  });

  it('openDataset passes header to the loader: false reads the first row as data (one more row, col_N names)', async () => {
    const seen: LoadOptions[] = [];
    const dispatch = api(seen);
    const detected = summaryOf(await dispatch('openDataset', { path: yearsPath }));
    const asData = summaryOf(await dispatch('openDataset', { path: yearsPath, header: false }));
    const asHeader = summaryOf(await dispatch('openDataset', { path: yearsPath, header: true }));
    expect(seen.map((o) => ('header' in o ? o.header : 'absent'))).toEqual(['absent', false, true]);
    expect(detected.header).toBe(true);
    expect(asData.header).toBe(false);
    expect(asData.rows).toBe(detected.rows + 1);
    expect(asData.columns.map((c) => c.name)).toEqual(['col_1', 'col_2', 'col_3']);
    expect(asData.firstDataLine).toBe(1);
    expect(asHeader.header).toBe(true);
    expect(asHeader.rows).toBe(4);
    expect(asHeader.columns.map((c) => c.name)).toEqual(['2019', '2020', '2021']);
  });

  it('uploadDataset passes header to the loader for the uploaded bytes', async () => {
    const seen: LoadOptions[] = [];
    const dispatch = api(seen);
    const bytes = new TextEncoder().encode(YEARS_CSV);
    const asData = summaryOf(await dispatch('uploadDataset', { name: 'years.csv', bytes, header: false }));
    const detected = summaryOf(await dispatch('uploadDataset', { name: 'years.csv', bytes }));
    expect(seen.map((o) => ('header' in o ? o.header : 'absent'))).toEqual([false, 'absent']);
    expect(asData.header).toBe(false);
    expect(asData.rows).toBe(5);
    expect(detected.rows).toBe(4);
  });

  it('openSample passes header to the loader', async () => {
    const seen: LoadOptions[] = [];
    const asData = summaryOf(await api(seen)('openSample', { name: 'years.csv', header: false }));
    expect(seen[0].header).toBe(false);
    expect(asData).toMatchObject({ name: 'years.csv', header: false, rows: 5 });
  });

  it("the app's default services hand the header answer to the loader, by path and by upload", async () => {
    const real = realApi(() => undefined);
    try {
      const byPath = summaryOf(await real.api.dispatch('openDataset', { path: yearsPath, header: false }));
      const uploaded = summaryOf(await real.api.dispatch('uploadDataset', { name: 'years.csv', bytes: new TextEncoder().encode(YEARS_CSV), header: false }));
      const detected = summaryOf(await real.api.dispatch('openDataset', { path: yearsPath }));
      expect([byPath.rows, uploaded.rows, detected.rows]).toEqual([5, 5, 4]);
      expect([byPath.header, uploaded.header, detected.header]).toEqual([false, false, true]);
    } finally {
      await real.close();
    }
  });
});
