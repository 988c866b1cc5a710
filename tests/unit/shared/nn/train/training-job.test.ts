/** The whole training job (src-shared/jobs/train.ts), run in-process on small CSVs. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDatasetFromBytes } from '../../../../../src-main/services/datasets';
import { runTrainingJob, type TrainingData } from '../../../../../src-shared/jobs/train';
import { resolveTrainingSettings, type TrainingSettings } from '../../../../../src-shared/jobs/train-settings';
import { readModelFile, modelToNetwork } from '../../../../../src-shared/model-file/read';
import { planEncoding, encodeRows } from '../../../../../src-shared/data/encode';
import { forwardBatch } from '../../../../../src-shared/nn/forward';

const repoRoot = resolve(import.meta.dirname, '../../../../..');
const sample = (p: string) => resolve(repoRoot, 'samples', p);

async function csv(text: string): Promise<TrainingData> {
  const r = await loadDatasetFromBytes(new TextEncoder().encode(text), 'test.csv');
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function file(path: string): Promise<TrainingData> {
  const r = await loadDatasetFromBytes(readFileSync(path), path);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function settings(s: Partial<TrainingSettings> & { target: string }): TrainingSettings {
  const r = resolveTrainingSettings(s);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const small = { hidden: [{ units: 8, activation: 'relu' as const }], epochs: 5, baseline: false };

describe('training job', () => {
  it('is reproducible: same data, settings and seed give byte-identical model text (progress reporting aside); another seed does not', async () => {
    const data = await file(sample('iris.csv'));
    const s = settings({ target: 'species', ...small });
    const a = runTrainingJob(data, s);
    const b = runTrainingJob(data, s);
    if (!a.ok || !b.ok) throw new Error('training failed');
    expect(a.value.modelText).toBe(b.value.modelText);
    const withProgress = runTrainingJob(data, { ...s, reportEveryBatches: 1 });
    expect(withProgress.ok && withProgress.value.modelText).toBe(a.value.modelText);
    const c = runTrainingJob(data, { ...s, seed: 2 });
    expect(c.ok && c.value.modelText).not.toBe(a.value.modelText);
  });

  it('infers the task from the target and says why', async () => {
    const text = 'x,label,flag,amount\n' + Array.from({ length: 30 }, (_, k) => `${k},${['a', 'b', 'c'][k % 3]},${k % 2},${(k * 1.37).toFixed(2)}`).join('\n');
    const data = await csv(text);
    const multi = runTrainingJob(data, settings({ target: 'label', inputs: ['x'], ...small }));
    const bin = runTrainingJob(data, settings({ target: 'flag', inputs: ['x'], ...small }));
    const reg = runTrainingJob(data, settings({ target: 'amount', inputs: ['x'], ...small }));
    expect(multi.ok && multi.value.plan.task).toBe('multiclass');
    expect(multi.ok && multi.value.plan.classes).toEqual(['a', 'b', 'c']);
    expect(multi.ok && multi.value.plan.taskReason).toContain('3 categories');
    expect(bin.ok && bin.value.plan.task).toBe('binary');
    expect(reg.ok && reg.value.plan.task).toBe('regression');
  });

  it('fits the preprocessing on the training rows only (Keras validation_split: the last rows validate)', async () => {
    // x = 0..9 for the first 7 rows' mean of 3, while all 10 rows have mean 4.5
    const text = 'x,y\n' + Array.from({ length: 10 }, (_, k) => `${k},${2 * k + 1}`).join('\n');
    const data = await csv(text);
    const r = runTrainingJob(data, settings({ target: 'y', ...small, validation: { kind: 'last', fraction: 0.3 } }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.plan.trainRows).toBe(7);
    expect(r.value.plan.validationRows).toBe(3);
    expect(r.value.model.inputs[0].scale?.mean).toBe(3);
    expect(r.value.model.inputs[0].scale?.std).toBeCloseTo(2, 15);
    expect(r.value.model.output.scale?.mean).toBe(7);
  });

  it('Keras validation_split on 891 rows with 0.3 keeps 623 for training and 268 for validation', async () => {
    const text = 'x,y\n' + Array.from({ length: 891 }, (_, k) => `${k % 17},${k % 5}.5`).join('\n');
    const r = runTrainingJob(await csv(text), settings({ target: 'y', ...small, epochs: 1, validation: { kind: 'last', fraction: 0.3 } }));
    expect(r.ok && [r.value.plan.trainRows, r.value.plan.validationRows]).toEqual([623, 268]);
  });

  it('a seeded random split differs by seed and always covers every usable row once', async () => {
    const text = 'x,y\n' + Array.from({ length: 40 }, (_, k) => `${k},${k * 0.5 + 0.25}`).join('\n');
    const data = await csv(text);
    const a = runTrainingJob(data, settings({ target: 'y', ...small, epochs: 1 }));
    expect(a.ok && [a.value.plan.trainRows, a.value.plan.validationRows]).toEqual([32, 8]);
  });

  it('drops rows with an empty target or input and says how many', async () => {
    const data = await csv('a,b,y\n1,2,3.5\n,2,3.1\n2,3,\n3,4,5.2\n4,5,6.3\n5,6,7.7\n6,7,8.1\n');
    const r = runTrainingJob(data, settings({ target: 'y', ...small, validation: { kind: 'none' } }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.plan.droppedRows).toBe(2);
    expect(r.value.plan.notes.join(' ')).toContain('left out 1 with an empty target, 1 with an empty input');
    expect(r.value.plan.trainRows).toBe(5);
  });

  it("imputes empty inputs with training means under 'impute-mean' (prepare.ts), still dropping an empty target", async () => {
    const data = await csv('a,b,y\n1,2,3.5\n,2,3.1\n2,3,\n3,4,5.2\n4,5,6.3\n5,6,7.7\n6,7,8.1\n');
    const r = runTrainingJob(data, settings({ target: 'y', ...small, validation: { kind: 'none' }, missing: 'impute-mean' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.plan.trainRows).toBe(6);
    expect(r.value.plan.droppedRows).toBe(1);
  });

  it('one-hot encodes a categorical input, in the column’s category order, saved in the model file', async () => {
    const text = 'color,size,y\n' + Array.from({ length: 24 }, (_, k) => `${['red', 'green', 'blue'][k % 3]},${k},${k % 3 === 0 ? 1 : 0}`).join('\n');
    const data = await csv(text);
    const r = runTrainingJob(data, settings({ target: 'y', ...small }));
    if (!r.ok) throw new Error(r.error.message);
    expect([...(data.columns[0].categories ?? [])].sort()).toEqual(['blue', 'green', 'red']);
    expect(r.value.model.inputs[0]).toEqual({ name: 'color', categories: data.columns[0].categories });
    expect(r.value.plan.networkInputs).toBe(4);
  });

  it('writes a model file that reads back, and predicting from it reproduces the reported test metrics', async () => {
    const train = await file(sample('iris.csv'));
    const r = runTrainingJob(train, settings({ target: 'species', ...small, epochs: 20 }), {}, { test: train });
    if (!r.ok) throw new Error(r.error.message);
    const read = readModelFile(r.value.modelText);
    if (!read.ok) throw new Error(read.error.message);
    const net = modelToNetwork(read.value);
    const plan = planEncoding(read.value.inputs, train.columns);
    if (!plan.ok) throw new Error(plan.error.message);
    const x = new Float64Array(train.rows * plan.value.width);
    encodeRows(plan.value, train, 0, train.rows, x, new Uint8Array(train.rows));
    const out = new Float64Array(train.rows * 3);
    forwardBatch(net, x, train.rows, out);
    const labels = train.columns[4].categories ?? [];
    let hits = 0;
    for (let row = 0; row < train.rows; row++) {
      const p = out.subarray(row * 3, row * 3 + 3);
      const best = p.indexOf(Math.max(...p));
      if (read.value.output.classes?.[best] === labels[train.values[row * train.cols + 4]]) hits++;
    }
    expect(hits / train.rows).toBe(r.value.network.test?.accuracy);
  });

  it('validates on a separate file whose columns come in another order, matched by name', async () => {
    const rows = (n: number, off: number) => Array.from({ length: n }, (_, k) => [k + off, ((k + off) * 3) % 7, (k + off) % 2 ? 'yes' : 'no']);
    const train = await csv('a,b,label\n' + rows(40, 0).map((r) => r.join(',')).join('\n'));
    const valid = await csv('label,b,a\n' + rows(10, 100).map((r) => [r[2], r[1], r[0]].join(',')).join('\n'));
    const r = runTrainingJob(train, settings({ target: 'label', ...small, validation: { kind: 'file' } }), {}, { validation: valid });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.plan.trainRows).toBe(40);
    expect(r.value.plan.validationRows).toBe(10);
    // the validation targets were read from the 'label' column (first here), not from column 3
    const positives = r.value.network.validation?.confusion?.[1].reduce((t, v) => t + v, 0);
    expect(positives).toBe(5);
    const missing = runTrainingJob(train, settings({ target: 'label', ...small, validation: { kind: 'file' } }));
    expect(!missing.ok && missing.error.kind).toBe('train/no-validation-file');
  });

  it('answers bad requests with errors that say what to change', async () => {
    const data = await csv('a,b,when\n1,2,2024-01-01\n2,3,2024-01-02\n3,5,2024-01-03\n');
    const unknown = runTrainingJob(data, settings({ target: 'nope', ...small }));
    expect(!unknown.ok && unknown.error.kind).toBe('train/unknown-column');
    expect(!unknown.ok && unknown.error.message).toContain('a, b, when');
    const date = runTrainingJob(data, settings({ target: 'when', ...small }));
    expect(!date.ok && date.error.kind).toBe('train/unusable-target');
    const oneClass = runTrainingJob(await csv('a,y\n1,1\n2,1\n3,1\n'), settings({ target: 'y', ...small }));
    expect(!oneClass.ok && oneClass.error.kind).toBe('train/one-class');
    const oneClassGiven = runTrainingJob(await csv('a,y\n1,1\n2,1\n3,1\n'), settings({ target: 'y', ...small, task: 'binary' }));
    expect(!oneClassGiven.ok && oneClassGiven.error.message).toContain('fewer than 2 classes');
    const tooMany = runTrainingJob(await csv('a,y\n1,a\n2,b\n3,c\n4,a\n'), settings({ target: 'y', ...small, task: 'binary' }));
    expect(!tooMany.ok && tooMany.error.message).toContain('use --task multiclass');
    const regCat = runTrainingJob(await csv('a,y\n1,x\n2,y\n3,x\n'), settings({ target: 'y', ...small, task: 'regression' }));
    expect(!regCat.ok && regCat.error.message).toContain('--task binary or multiclass');
  });

  it('asked for multiclass on a two-class target, trains one sigmoid output and says so', async () => {
    const text = 'x,y\n' + Array.from({ length: 20 }, (_, k) => `${k},${k % 2 ? 'up' : 'down'}`).join('\n');
    const r = runTrainingJob(await csv(text), settings({ target: 'y', ...small, task: 'multiclass' }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.model.output.task).toBe('binary');
    expect(r.value.model.layers[1].units).toBe(1);
    expect(r.value.plan.notes.join(' ')).toContain('trained as binary');
  });

  it('settings are checked with the field named', () => {
    const bad = resolveTrainingSettings({ target: 'y', epochs: 0 });
    expect(!bad.ok && bad.error.path).toBe('epochs');
    const frac = resolveTrainingSettings({ target: 'y', validation: { kind: 'random', fraction: 1.5 } });
    expect(!frac.ok && frac.error.path).toBe('validation.fraction');
    const layer = resolveTrainingSettings({ target: 'y', hidden: [{ units: 3, activation: 'softmax' }] });
    expect(!layer.ok && layer.error.path).toBe('hidden[0].activation');
    const same = resolveTrainingSettings({ target: 'y', inputs: ['y'] });
    expect(!same.ok && same.error.path).toBe('inputs');
  });

  it('reports the baseline next to the network', async () => {
    const r = runTrainingJob(await file(sample('diabetes.csv')), settings({ target: 'progression', ...small, baseline: true }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.baseline?.validation?.r2).toBeGreaterThan(0.3);
    expect(r.value.model.training?.baseline).toBeDefined();
  });
});
