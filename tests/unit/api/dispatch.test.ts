import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi, createDefaultServices, createSettingsStore } from '../../../src-main/api';
import type { AppHost } from '../../../src-main/api/host';
import { WRITE_ANYWHERE } from '../../../src-main/api/write-policy';
import { noServices, type ApiServices } from '../../../src-main/api/services';
import { API_METHODS, apiValidators, type ApiEvent, type DatasetSummary } from '../../../src-shared/api';
import type { AppError } from '../../../src-shared/result';

const repoRoot = resolve(import.meta.dirname, '../../..');
const samplesDir = resolve(repoRoot, 'samples');

function host(events: ApiEvent[] = []): AppHost {
  return { mode: 'browser', version: '1.2.3', samplesDir, dialogs: null, settings: createSettingsStore(null), writes: WRITE_ANYWHERE, emit: (e) => events.push(e) };
}

function errorOf(r: { ok: boolean; error?: AppError }): AppError {
  expect(r.ok).toBe(false);
  return r.error as AppError;
}

describe('dispatch', () => {
  const { dispatch } = createApi(host(), createDefaultServices());

  it('answers an unknown method with api/unknown-method naming it', async () => {
    const e = errorOf(await dispatch('formatHardDisk', {}));
    expect(e.kind).toBe('api/unknown-method');
    expect(e.message).toContain('formatHardDisk');
    expect(errorOf(await dispatch(42, {})).kind).toBe('api/unknown-method');
    // Inherited object keys are not methods.
    expect(errorOf(await dispatch('toString', {})).kind).toBe('api/unknown-method');
    expect(errorOf(await dispatch('__proto__', {})).kind).toBe('api/unknown-method');
  });

  it.each([
    ['openDataset', { path: 5 }, 'args.path', 'a string'],
    ['openDataset', { path: '' }, 'args.path', 'non-empty'],
    ['openDataset', { path: 'a\u0000b' }, 'args.path', 'NUL'],
    ['openDataset', {}, 'args.path', 'a string'],
    ['openDataset', { path: 'x.csv', extra: 1 }, 'args.extra', 'not an argument'],
    ['openDataset', null, 'args', 'an object'],
    ['getRows', { datasetId: 'd1', start: -1, count: 10 }, 'args.start', 'integer from 0'],
    ['getRows', { datasetId: 'd1', start: 0, count: 1001 }, 'args.count', 'to 1000'],
    ['getRows', { datasetId: 'd1', start: 0.5, count: 10 }, 'args.start', 'an integer'],
    ['getRows', { datasetId: '../etc', start: 0, count: 10 }, 'args.datasetId', 'an id'],
    ['getRows', { datasetId: 'd1', start: 0, count: 10, columns: [-1] }, 'args.columns[0]', 'integer from 0'],
    ['setPreferences', { theme: 'purple' }, 'args.theme', "'system', 'light', 'dark'"],
    ['exportPredictions', { datasetId: 'd1', jobId: 'j1', path: 'o.csv', columns: ['a', 7], keepFormulas: false }, 'args.columns[1]', 'a string'],
    ['predict', { datasetId: 'd1', model: { format: 'other' } }, 'args.model.format', 'args.model'],
    ['getAppInfo', { unexpected: true }, 'args.unexpected', 'not an argument'],
  ])('%s with bad arguments %j answers api/invalid-argument at %s', async (method, args, path, words) => {
    const e = errorOf(await dispatch(method, args));
    expect(e.kind).toBe('api/invalid-argument');
    expect(e.path).toBe(path);
    expect(e.message).toContain(words);
  });

  it('names the bad field inside a model by its path', async () => {
    const model = {
      format: 'dense-lab/model',
      version: 1,
      inputs: [{ name: 'x1' }, { name: 'x2' }],
      output: { name: 'y', task: 'regression' },
      layers: [{ units: 1, activation: 'linear', kernel: [[1], ['two']], bias: [0] }],
    };
    const e = errorOf(await dispatch('predict', { datasetId: 'd1', model }));
    expect(e.kind).toBe('api/invalid-argument');
    expect(e.path).toMatch(/^args\.model\.layers\[0\]\.kernel/);
  });

  it('refuses training settings whose target is also an input, at args.settings.inputs', async () => {
    const settings = { inputs: ['age', 'bmi'], target: 'bmi', hidden: [{ units: 4, activation: 'relu' }], epochs: 10 };
    const e = errorOf(await dispatch('train', { datasetId: 'd1', settings }));
    expect(e.kind).toBe('api/invalid-argument');
    expect(e.path).toBe('args.settings.inputs');
    expect(e.message).toContain("'bmi'");
  });

  it('refuses a hidden layer with a bad activation, naming its index', async () => {
    const settings = { target: 'y', hidden: [{ units: 4, activation: 'relu' }, { units: 4, activation: 'swish' }] };
    const e = errorOf(await dispatch('train', { datasetId: 'd1', settings }));
    expect(e.path).toBe('args.settings.hidden[1].activation');
  });

  it('answers api/not-found naming args.datasetId for an id nobody opened', async () => {
    const e = errorOf(await dispatch('getRows', { datasetId: 'd999', start: 0, count: 1 }));
    expect(e).toMatchObject({ kind: 'api/not-found', path: 'args.datasetId' });
  });

  it('answers api/not-available for a dialog in browser mode', async () => {
    const e = errorOf(await dispatch('showOpenDialog', { purpose: 'dataset' }));
    expect(e.kind).toBe('api/not-available');
  });

  it('answers methods without arguments whether args is undefined or {}', async () => {
    const a = await dispatch('getAppInfo', undefined);
    const b = await dispatch('getAppInfo', {});
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, value: { version: '1.2.3', mode: 'browser', samplesAvailable: true } });
  });

  it('turns an exception inside a handler into api/internal, never a throw', async () => {
    const seen: string[] = [];
    const services: ApiServices = { ...noServices(), courseExamples: () => { throw new Error('boom'); } };
    const api = createApi(host(), services, (m) => seen.push(m));
    const e = errorOf(await api.dispatch('listExamples', {}));
    expect(e.kind).toBe('api/internal');
    expect(e.message).toBe('listExamples failed unexpectedly (a bug in Dense Lab; see Details).');
    expect(e.detail).toBe('boom');
    expect(seen).toEqual(['listExamples']);
  });

  it('answers api/not-available for a service that is not wired', async () => {
    const api = createApi(host(), noServices());
    expect(errorOf(await api.dispatch('openDataset', { path: 'x.csv' })).kind).toBe('api/not-available');
  });
});

describe('the contract table', () => {
  it('has one validator per method and the method list comes from it', () => {
    expect(API_METHODS.length).toBeGreaterThan(20);
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
    for (const m of API_METHODS) expect(typeof apiValidators[m]).toBe('function');
  });
});

describe('datasets through dispatch', () => {
  it('opens a sample, pages its rows as display cells, and closes it', async () => {
    const { dispatch } = createApi(host(), createDefaultServices());
    const opened = await dispatch('openSample', { name: 'penguins.csv' });
    expect(opened.ok).toBe(true);
    const s = (opened as { value: DatasetSummary }).value;
    expect(s).toMatchObject({ name: 'penguins.csv', rows: 344, cols: 7 });
    const species = s.columns.findIndex((c) => c.name === 'species');
    const page = await dispatch('getRows', { datasetId: s.id, start: 340, count: 100 });
    const rows = (page as { value: { start: number; rows: unknown[][] } }).value;
    expect(rows.start).toBe(340);
    expect(rows.rows).toHaveLength(4);
    expect(typeof rows.rows[0][species]).toBe('string');
    // penguins has empty cells: they come back as null, never 0.
    const all = (await dispatch('getRows', { datasetId: s.id, start: 0, count: 344 })) as { value: { rows: unknown[][] } };
    expect(all.value.rows.some((r) => r.includes(null))).toBe(true);
    expect(await dispatch('closeDataset', { datasetId: s.id })).toEqual({ ok: true, value: { closed: true } });
    expect(errorOf(await dispatch('getRows', { datasetId: s.id, start: 0, count: 1 })).kind).toBe('api/not-found');
  });

  it('refuses a sample name that is a path', async () => {
    const { dispatch } = createApi(host(), createDefaultServices());
    const e = errorOf(await dispatch('openSample', { name: '../bad-csv/ragged_too_many.csv' }));
    expect(e).toMatchObject({ kind: 'api/not-found', path: 'args.name' });
  });

  it('answers a load error as a value naming the file and line 3 of a ragged CSV', async () => {
    const { dispatch } = createApi(host(), createDefaultServices());
    const path = resolve(repoRoot, 'tests/fixtures/bad-csv/ragged_too_many.csv');
    const e = errorOf(await dispatch('openDataset', { path }));
    expect(e.line).toBe(3);
    expect(e.file).toBe(path);
  });

  it('sends load progress events under the caller-chosen job id', async () => {
    const events: ApiEvent[] = [];
    const { dispatch } = createApi(host(events), createDefaultServices());
    const r = await dispatch('openSample', { name: 'flights_200k.csv', jobId: 'load-1' });
    expect(r.ok).toBe(true);
    const progress = events.filter((e) => e.type === 'job-progress' && e.jobId === 'load-1');
    expect(progress.length).toBeGreaterThan(0);
  });
});
