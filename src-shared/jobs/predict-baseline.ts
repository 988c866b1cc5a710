/**
 * The linear baseline ("model with no interactions") of a predict job: the model's own inputs, encoded exactly as
 * the model encodes them (encode.ts, the same scale, one-hot and impute values), fitted straight to the dataset's
 * target column (the model's output.name) with src-shared/nn/baseline.ts:
 *   regression  least squares, in the target's own units (so no output scale)
 *   binary      logistic regression (one sigmoid unit)
 *   multiclass  softmax regression
 * Rows used: every row with all inputs and a target that is one of the model's classes; when there are more than
 * `maxRows`, a seeded uniform sample of maxRows of them (partial Fisher–Yates), taken in row order. With `trainOnly`
 * (a training run's split codes, row-split.ts), only its train rows: the baseline then never saw the validation rows,
 * as the network never did, so both are measured out of sample there.
 * The result is a one-layer model file, so the prediction service runs it like any model. Pure: a worker runs it.
 */
import type { Dataset } from '../data/dataset';
import { encodeRows, planEncoding, ROW_STATUS } from '../data/encode';
import { networkToLayers } from '../model-file/read';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile, type OutputSpec } from '../model-file/types';
import { fitLeastSquares, fitLogistic } from '../nn/baseline';
import { sampleIndices } from '../analysis/rows';
import { err, ok, type Result } from '../result';
import { readTarget } from './predict-evaluation';
import { hasHave, plural } from '../text/numbers';

export interface BaselineFitOptions {
  /** Seeds the row sample (default 1). */
  readonly seed?: number;
  /** Most rows to fit on (default 200,000). */
  readonly maxRows?: number;
  /** L-BFGS iterations for logistic/softmax regression (default 300, as training's baseline). */
  readonly maxIterations?: number;
  /** Per dataset row, a training run's split code (0 train, 1 validation): fit on the train rows only. */
  readonly trainOnly?: Int32Array;
}

export interface BaselineFit {
  readonly method: 'least-squares' | 'logistic' | 'softmax';
  /** One dense layer from the model's inputs to its outputs; output without scale (regression in target units). */
  readonly model: ModelFile;
  readonly fitRows: number;
  /** Rows that could have been used (all inputs present, target a known value). */
  readonly eligibleRows: number;
  readonly sampled: boolean;
  readonly seed: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Rows encoded per block while looking for usable rows. */
const BLOCK = 4096;

/**
 * Fit the baseline of `model` on `dataset` (see the file comment). Errors: the model's inputs do not fit the dataset
 * (planEncoding's), 'predict/no-target' (no usable target column), 'baseline/too-few-rows' (fewer than 2 usable rows).
 */
export function fitModelBaseline(dataset: Dataset, model: Pick<ModelFile, 'inputs' | 'output'>, options: BaselineFitOptions = {}): Result<BaselineFit> {
  const seed = options.seed ?? 1;
  const maxRows = Math.max(2, options.maxRows ?? 200_000);
  if (model.output.task === 'multiclass' && (model.output.classes ?? []).length < 3) {
    return err({ kind: 'baseline/unsupported', message: 'A multiclass model with fewer than 3 classes has no softmax baseline (train it as binary).' });
  }
  const planned = planEncoding(model.inputs, dataset.columns);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const target = readTarget(dataset, model.output);
  if (!target.ok) return target;
  const t = target.value;
  const width = plan.width;
  const rows = dataset.rows;
  const status = new Uint8Array(rows);
  // Pass 1: which rows have every input (status ok) and a usable target.
  const scratch = new Float64Array(BLOCK * width);
  const eligible = new Int32Array(rows);
  let count = 0;
  for (let start = 0; start < rows; start += BLOCK) {
    const end = Math.min(rows, start + BLOCK);
    encodeRows(plan, dataset, start, end, scratch, status);
    for (let r = start; r < end; r++) {
      if (status[r] !== ROW_STATUS.ok || (options.trainOnly && options.trainOnly[r] !== 0)) continue;
      if (t.kind === 'number' ? t.values[r] === t.values[r] : t.codes[r] >= 0) eligible[count++] = r;
    }
  }
  if (count < 2) {
    return err({ kind: 'baseline/too-few-rows', message: `${count === 0 ? 'No row has' : `Only ${plural(count, 'row')} ${hasHave(count)}`} every input and a value in '${model.output.name}'; the baseline needs at least 2.` });
  }
  let chosen = eligible.subarray(0, count);
  const sampled = count > maxRows;
  // partial Fisher–Yates: the first maxRows places become a uniform sample, then back into row order
  if (sampled) chosen = sampleIndices(chosen, maxRows, seed);
  const n = chosen.length;
  const x = new Float64Array(n * width);
  for (let k = 0; k < n; k++) encodeRows(plan, dataset, chosen[k], chosen[k] + 1, x.subarray(k * width, (k + 1) * width), status);
  const task = model.output.task;
  const classes = model.output.classes ?? [];
  let fit;
  let method: BaselineFit['method'];
  if (task === 'regression') {
    const values = (t as Extract<typeof t, { kind: 'number' }>).values;
    const y = Float64Array.from(chosen, (r) => values[r]);
    fit = fitLeastSquares(x, n, width, y, 1);
    method = 'least-squares';
  } else {
    const codes = (t as Extract<typeof t, { kind: 'class' }>).codes;
    const k = classes.length;
    const y = new Float64Array(k === 2 ? n : n * k);
    for (let i = 0; i < n; i++) {
      if (k === 2) y[i] = codes[chosen[i]];
      else y[i * k + codes[chosen[i]]] = 1;
    }
    fit = fitLogistic(x, n, width, y, k, { maxIterations: options.maxIterations ?? 300 });
    method = k === 2 ? 'logistic' : 'softmax';
  }
  const output: OutputSpec = { name: model.output.name, task, ...(model.output.classes ? { classes: model.output.classes } : {}) };
  const baseline: ModelFile = { format: MODEL_FORMAT, version: MODEL_VERSION, inputs: model.inputs, output, layers: networkToLayers(fit.network) };
  return ok({ method, model: baseline, fitRows: n, eligibleRows: count, sampled, seed, iterations: fit.iterations, converged: fit.converged });
}
