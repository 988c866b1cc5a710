import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEvent, DatasetSummary, JobStarted, JobStatus, ModelFile, PredictionsPage, PredictResult, RowsPage } from '../../../src-shared/api';
import { modelFile, randomLayers, seeded } from '../workers/reference';
import { realApi, value } from './harness';

const events: ApiEvent[] = [];
const { api, close } = realApi((e) => events.push(e));

afterAll(close);

async function predicted(datasetId: string, model: ModelFile, options?: object): Promise<{ jobId: string; result: PredictResult }> {
  const { jobId } = await value<JobStarted>(api.dispatch('predict', { datasetId, model, ...(options ? { options } : {}) }));
  await api.session.whenDone(jobId);
  const status = await value<JobStatus>(api.dispatch('getJob', { jobId }));
  if (status.state !== 'done') throw new Error(JSON.stringify(status.error));
  return { jobId, result: status.result as PredictResult };
}

const DIABETES_INPUTS = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

describe('predict jobs with metrics over all rows, the linear baseline and input cells', () => {
  let diabetes: DatasetSummary;

  it('diabetes: the least-squares baseline on all 442 rows reaches R² ≈ 0.518 (scikit-learn LinearRegression on the same data)', async () => {
    diabetes = await value<DatasetSummary>(api.dispatch('openSample', { name: 'diabetes.csv' }));
    const inputs = DIABETES_INPUTS.map((name) => ({ name }));
    const model = modelFile(inputs, { name: 'progression', task: 'regression' }, randomLayers(seeded(5), 10, [{ units: 4, activation: 'relu' }, { units: 1, activation: 'linear' }]));
    const { jobId, result } = await predicted(diabetes.id, model, { baseline: true });
    expect(result.evaluation?.rowsUsed).toBe(442);
    expect(result.evaluation?.target).toBe('progression');
    const b = result.baseline!;
    expect(b).toMatchObject({ method: 'least-squares', fitRows: 442, sampled: false });
    expect(b.evaluation.metrics.r2).toBeCloseTo(0.518, 2);
    expect(b.evaluation.rowsUsed).toBe(442);

    // getPredictions: baseline cells = the baseline model applied to the row's input cells (a plain dot product here)
    const page = await value<PredictionsPage>(api.dispatch('getPredictions', { jobId, start: 3, count: 4, stride: 50, inputs: true }));
    const rows = await value<RowsPage>(api.dispatch('getRows', { datasetId: diabetes.id, start: 53, count: 1 }));
    const cols = DIABETES_INPUTS.map((n) => diabetes.columns.findIndex((c) => c.name === n));
    expect(page.rows[1].row).toBe(53);
    expect(page.rows[1].inputs).toEqual(cols.map((c) => rows.rows[0][c]));
    const layer = b.model.layers[0];
    const x = page.rows[1].inputs as number[];
    let acc = 0;
    for (let i = 0; i < x.length; i++) acc += x[i] * layer.kernel[i][0];
    expect(page.rows[1].baseline?.[0]).toBe(acc + layer.bias[0]);
  });

  it('activationStats: one summary per hidden layer in the result (and none without the option)', async () => {
    const model = modelFile(DIABETES_INPUTS.map((name) => ({ name })), { name: 'progression', task: 'regression' }, randomLayers(seeded(6), 10, [{ units: 6, activation: 'tanh' }, { units: 3, activation: 'relu' }, { units: 1, activation: 'linear' }]));
    const { result } = await predicted(diabetes.id, model, { activationStats: true });
    expect(result.hidden?.map((h) => [h.layer, h.activation, h.units.length, h.units[0].rows])).toEqual([
      [0, 'tanh', 6, 442],
      [1, 'relu', 3, 442],
    ]);
    expect(result.hidden?.[0].histogram.counts.reduce((s, c) => s + c, 0)).toBe(442 * 6);
    const plain = await predicted(diabetes.id, model);
    expect(plain.result.hidden).toBeUndefined();
  });

  it('refuses unknown predict options, naming them', async () => {
    const model = modelFile([{ name: 'bmi' }], { name: 'progression', task: 'regression' }, [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }]);
    const r = await api.dispatch('predict', { datasetId: diabetes.id, model, options: { baseline: 'yes' } });
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/invalid-argument', path: 'args.options.baseline' } });
  });

  it('without options there is no baseline and no input cells; metrics are still there', async () => {
    const model = modelFile([{ name: 'bmi' }], { name: 'progression', task: 'regression' }, [{ units: 1, activation: 'linear', kernel: [[10]], bias: [-100] }]);
    const { jobId, result } = await predicted(diabetes.id, model);
    expect(result.baseline).toBeUndefined();
    expect(result.evaluation?.metrics.mse).toBeGreaterThan(0);
    const page = await value<PredictionsPage>(api.dispatch('getPredictions', { jobId, start: 0, count: 2 }));
    expect(page.rows[0].inputs).toBeUndefined();
    expect(page.rows[0].baseline).toBeUndefined();
  });

  it('iris: the softmax baseline classifies most rows; a model without the target column has a note instead of metrics', async () => {
    const iris = await value<DatasetSummary>(api.dispatch('openSample', { name: 'iris.csv' }));
    const inputs = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name) => ({ name }));
    const classes = ['setosa', 'versicolor', 'virginica'];
    const model = modelFile(inputs, { name: 'species', task: 'multiclass', classes }, randomLayers(seeded(2), 4, [{ units: 3, activation: 'softmax' }]));
    const { result } = await predicted(iris.id, model, { baseline: true });
    expect(result.evaluation?.perClass).toHaveLength(3);
    expect(result.baseline?.method).toBe('softmax');
    expect(result.baseline?.evaluation.metrics.accuracy).toBeGreaterThan(0.9);
    const other = await predicted(iris.id, { ...model, output: { ...model.output, name: 'kind' } }, { baseline: true });
    expect(other.result.evaluation).toBeNull();
    expect(other.result.evaluationNote).toContain("'kind'");
    expect(other.result.baseline).toBeNull();
    expect(other.result.baselineNote).toContain("'kind'");
  });
});

describe('getRows with columns: one column of every row without the others', () => {
  it('gives the same cells as the whole rows, in the order asked, and refuses a column the data does not have', async () => {
    const d = await value<DatasetSummary>(api.dispatch('openSample', { name: 'diabetes.csv' }));
    const whole = await value<RowsPage>(api.dispatch('getRows', { datasetId: d.id, start: 10, count: 5 }));
    const picked = await value<RowsPage>(api.dispatch('getRows', { datasetId: d.id, start: 10, count: 5, columns: [d.cols - 1, 0] }));
    expect(picked.rows).toEqual(whole.rows.map((r) => [r[d.cols - 1], r[0]]));
    expect(picked.rows[0]).toHaveLength(2);
    const wrong = await api.dispatch('getRows', { datasetId: d.id, start: 0, count: 1, columns: [0, d.cols] });
    expect(wrong.ok ? 'ok' : wrong.error.message).toBe(`args.columns[1] must be below ${d.cols} (the dataset has ${d.cols} columns).`);
  });
});
