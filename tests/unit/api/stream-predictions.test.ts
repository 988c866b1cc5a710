/**
 * A file at or above the streaming threshold (here a tiny one, given as the services' option) opens as its first rows
 * (DatasetSummary.partial), work that needs every row refuses it in one sentence, and streamPredictions writes the same
 * bytes as `dense-lab predict --stream`, with progress in bytes of the file, and a cancelled export leaves no file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, createDefaultServices, parseStreamMinBytes, streamMinBytesFromEnv, STREAM_MIN_BYTES_ENV } from '../../../src-main/api';
import { predictCommand } from '../../../src-main/cli/predict';
import { STREAM_MIN_BYTES } from '../../../src-main/services/predict/predict-stream';
import type { ApiEvent, DatasetSummary, ExportedFile } from '../../../src-shared/api';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { writeModelFile } from '../../../src-shared/model-file/write';
import { createRandom } from '../../../src-shared/nn/random';
import { runCommand } from '../cli/run-command';
import { browserHost, samplesDir, value } from './harness';
import { STREAM_MODEL } from '../../fixtures/stream-model';

const MODEL = STREAM_MODEL;

let dir: string;
let data: string;
let modelPath: string;
const THRESHOLD = 100_000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-stream-api-'));
  data = join(dir, 'big.csv');
  const rand = createRandom(5);
  const lines = ['id,x,colour,note,y'];
  for (let r = 0; r < 60_000; r++) {
    const colour = ['red', 'green', 'blue', 'cyan', ''][rand.nextInt(5)];
    const note = rand.nextInt(9) === 0 ? '"a, ""quoted"" note"' : '=1+1';
    lines.push(`${r},${rand.nextInt(30) === 0 ? '' : rand.uniform(-4, 4).toFixed(rand.nextInt(7))},${colour},${note},${rand.uniform(0, 5).toFixed(2)}`);
  }
  writeFileSync(data, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'small.csv'), `${lines.slice(0, 200).join('\n')}\n`);
  modelPath = join(dir, 'model.dlmodel.json');
  writeFileSync(modelPath, writeModelFile(MODEL));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The API over the real services with `streamMinBytes`, writing inside `dir`. */
function apiWith(streamMinBytes: number, events: ApiEvent[] = []) {
  const services = createDefaultServices({ streamMinBytes });
  const api = createApi(browserHost((e) => events.push(e), samplesDir, { kind: 'inside', folder: dir }), services);
  return { api, close: async () => (api.close(), await services.dispose?.()) };
}

describe('the streaming threshold', () => {
  it('is predict’s own by default, and a bad value is one sentence naming where it came from', () => {
    expect(streamMinBytesFromEnv({})).toEqual({ ok: true, value: STREAM_MIN_BYTES });
    expect(streamMinBytesFromEnv({ [STREAM_MIN_BYTES_ENV]: '4096' })).toEqual({ ok: true, value: 4096 });
    for (const bad of ['0', '-5', '1.5', 'lots', '1e6']) {
      const r = parseStreamMinBytes(bad, '--stream-min-bytes');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toBe(`--stream-min-bytes must be a whole number of bytes of at least 1 (got '${bad}').`);
    }
  });

  it('opens a file below it whole, and a file at or above it as its first rows', async () => {
    const size = statSync(data).size;
    const below = apiWith(size + 1);
    const whole = await value<DatasetSummary>(below.api.dispatch('openDataset', { path: data }));
    await below.close();
    expect(whole.partial).toBeUndefined();
    expect(whole.rows).toBe(60_000);

    const at = apiWith(size);
    const head = await value<DatasetSummary>(at.api.dispatch('openDataset', { path: data }));
    expect(head.partial).toBe(true);
    expect(head.bytes).toBe(size);
    expect(head.columns.map((c) => c.name)).toEqual(['id', 'x', 'colour', 'note', 'y']);
    expect(head.rows).toBeGreaterThan(1000);
    expect(head.rows).toBeLessThan(60_000);
    // Work over every row says why not, in one sentence.
    const train = await at.api.dispatch('train', { datasetId: head.id, settings: { target: 'y', inputs: ['x'], epochs: 1 } });
    expect(train.ok).toBe(false);
    if (!train.ok) expect(train.error.message).toBe('Training needs every row of big.csv, which was not loaded whole (it is too big); its predictions export with streamPredictions.');
    // Nor may it validate a training run on a file loaded whole.
    const small = await value<DatasetSummary>(at.api.dispatch('openDataset', { path: join(dir, 'small.csv') }));
    const validated = await at.api.dispatch('train', { datasetId: small.id, settings: { target: 'y', inputs: ['x'], epochs: 1, validation: { kind: 'file' } }, validationDatasetId: head.id });
    expect(validated.ok || [validated.error.kind, validated.error.path, validated.error.message]).toEqual([
      'api/bad-state',
      'args.validationDatasetId',
      'Validation needs every row of big.csv, which was not loaded whole (it is too big); its predictions export with streamPredictions.',
    ]);
    await at.close();
  });
});

describe('streamPredictions', () => {
  it('writes the bytes of `predict --stream`, with progress in bytes of the file up to its size', async () => {
    const cliOut = join(dir, 'cli.csv');
    const cli = await runCommand(predictCommand, '--model', modelPath, '--data', data, '--out', cliOut, '--stream');
    expect(cli.code, cli.stderr).toBe(0);
    const events: ApiEvent[] = [];
    const { api, close } = apiWith(THRESHOLD, events);
    const head = await value<DatasetSummary>(api.dispatch('openDataset', { path: data }));
    const columns = head.columns.map((c) => c.name);
    const written = await value<ExportedFile>(api.dispatch('streamPredictions', { datasetId: head.id, model: MODEL, path: 'app.csv', columns, keepFormulas: false, jobId: 'exp1' }));
    await close();
    expect(written.path).toBe(join(dir, 'app.csv'));
    expect(written.rows).toBe(60_000);
    const app = readFileSync(written.path);
    expect(app.length).toBe(written.bytes);
    expect(app.equals(readFileSync(cliOut))).toBe(true);
    const progress = events.flatMap((e) => (e.type === 'job-progress' && e.jobId === 'exp1' ? [e.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.unit === 'bytes' && p.total === statSync(data).size)).toBe(true);
    expect(progress.at(-1)?.done).toBe(statSync(data).size);
  });

  it('cancelled, answers job/cancelled and leaves no output file (and the source as it was)', async () => {
    const before = readFileSync(data);
    const cancelled: boolean[] = [];
    // Cancelled from the first progress event (the export under way, its first batch read): as cancel({jobId}) does.
    const events = {
      push(e: ApiEvent) {
        if (e.type === 'job-progress' && e.jobId === 'exp2' && cancelled.length === 0) cancelled.push(api.session.cancel('exp2'));
        return 0;
      },
    } as unknown as ApiEvent[];
    const { api, close } = apiWith(THRESHOLD, events);
    const head = await value<DatasetSummary>(api.dispatch('openDataset', { path: data }));
    const r = await api.dispatch('streamPredictions', { datasetId: head.id, model: MODEL, path: 'cancelled.csv', columns: ['id'], keepFormulas: false, jobId: 'exp2' });
    expect(cancelled).toEqual([true]);
    await close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('job/cancelled');
    expect(existsSync(join(dir, 'cancelled.csv'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('cancelled'))).toEqual([]);
    expect(readFileSync(data).equals(before)).toBe(true);
  });

  it('has its arguments checked in main: a missing model or an empty path is named', async () => {
    const { api, close } = apiWith(THRESHOLD);
    const noModel = await api.dispatch('streamPredictions', { datasetId: 'd1', path: 'x.csv', columns: [], keepFormulas: false } as never);
    const noPath = await api.dispatch('streamPredictions', { datasetId: 'd1', model: MODEL, path: '', columns: [], keepFormulas: false });
    await close();
    expect(noModel.ok || [noModel.error.kind, noModel.error.path]).toEqual(['api/invalid-argument', 'args.model']);
    expect(noPath.ok || [noPath.error.kind, noPath.error.path]).toEqual(['api/invalid-argument', 'args.path']);
  });

  it('refuses a dataset loaded whole, and browser mode without --write-dir says how to allow the write', async () => {
    const whole = apiWith(Number.MAX_SAFE_INTEGER);
    const d = await value<DatasetSummary>(whole.api.dispatch('openDataset', { path: data }));
    const r = await whole.api.dispatch('streamPredictions', { datasetId: d.id, model: MODEL, path: 'x.csv', columns: [], keepFormulas: false });
    await whole.close();
    expect(r.ok || r.error.kind).toBe('api/bad-state');

    const services = createDefaultServices({ streamMinBytes: THRESHOLD });
    const api = createApi(browserHost(() => undefined), services);
    const head = await value<DatasetSummary>(api.dispatch('openDataset', { path: data }));
    const refused = await api.dispatch('streamPredictions', { datasetId: head.id, model: MODEL, path: 'x.csv', columns: [], keepFormulas: false });
    api.close();
    await services.dispose?.();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^big\.csv was not loaded whole, so its predictions are written to a file as they are computed, not downloaded: start Dense Lab with `npm run web -- --write-dir FOLDER`/);
  });
});
