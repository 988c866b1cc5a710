/**
 * What every analysis here asks of a model: "for these rows of raw dataset cells, what does the model answer?"
 * It goes the same way as `predict` (src-main/services/predict): raw cell → imputation → input scaling / one-hot
 * (planEncoding + encodeRows) → layers (forwardBatch, same bits as predict's kernels, the output layer's sigmoid or
 * softmax included) → predict's own prediction columns (src-shared/jobs/prediction-columns.ts: y = y'·std + mean,
 * probabilities as they are). An analysis changes CELLS (a column set to a grid value, a column shuffled), never encoded
 * inputs, so what it measures is what `predict` would print for those cells.
 *
 * The answer is one number per row, the "response":
 *   regression  the prediction in the target's units
 *   binary      P(positive class) = P(classes[1])                  predict's `probability`
 *   multiclass  P(classes[classIndex]) (default: the first class)   predict's `p_<class>`
 * so for a classifier every analysis here (partial dependence, H, the surface) is on the probability scale, never
 * on logits: a model additive in the logit has H > 0 on probabilities, as the curvature of the sigmoid makes it.
 * A row whose inputs cannot be encoded (an empty cell without an impute value, an unseen category) answers NaN.
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { encodeRows, planEncoding, type EncodePlan } from '../data/encode';
import { predictionColumns } from '../jobs/prediction-columns';
import { forwardBatch } from '../nn/forward';
import { outputSize, type Network } from '../nn/model';
import { modelToNetwork } from '../model-file/read';
import type { ModelFile, OutputSpec } from '../model-file/types';
import { err, ok, type Result } from '../result';

export interface ModelResponse {
  readonly plan: EncodePlan;
  readonly net: Network;
  readonly output: OutputSpec;
  /** Which output the response reads (multiclass: the class index; otherwise 0). */
  readonly classIndex: number;
  /** Words for the response: "prediction of y", "P(yes)". */
  readonly label: string;
  /** The response of every row of `cells` (NaN where the row cannot be encoded). */
  respond(cells: DatasetMatrix): Float64Array;
  /** The network inputs of every row of `cells` (rows × plan.width; zeros where status is not ok) and each row's ROW_STATUS. */
  encode(cells: DatasetMatrix): { x: Float64Array; status: Uint8Array };
  /** The network's raw outputs (rows × outputs, before unscaling) and row status, for metrics over every output. */
  outputs(cells: DatasetMatrix): { raw: Float64Array; status: Uint8Array; width: number };
}

/**
 * The response of `model` on rows laid out like a dataset with `columns`. Errors: the model's inputs do not fit the
 * columns (planEncoding's 'predict/missing-column', 'predict/wrong-column-type', …), 'analysis/bad-class' (a class
 * index out of range).
 */
export function modelResponse(model: Pick<ModelFile, 'inputs' | 'output' | 'layers'>, columns: readonly ColumnInfo[], classIndex = 0): Result<ModelResponse> {
  const planned = planEncoding(model.inputs, columns);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const net = modelToNetwork(model as ModelFile);
  const output = model.output;
  const classes = output.classes ?? [];
  if (output.task === 'multiclass' && !(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classes.length)) {
    return err({ kind: 'analysis/bad-class', message: `The model has ${classes.length} classes; there is no class number ${classIndex}.` });
  }
  const width = outputSize(net);
  const encode = (cells: DatasetMatrix) => {
    const x = new Float64Array(cells.rows * plan.width);
    const status = new Uint8Array(cells.rows);
    encodeRows(plan, cells, 0, cells.rows, x, status);
    return { x, status };
  };
  const outputs = (cells: DatasetMatrix) => {
    const rows = cells.rows;
    const { x, status } = encode(cells);
    const raw = new Float64Array(rows * width);
    forwardBatch(net, x, rows, raw);
    return { raw, status, width };
  };
  // The response is predict's own column for the row (prediction-columns.ts: the output unscaling, the positive
  // class's probability, each class's p_<class>): the one place that turns raw outputs into what a person reads.
  const fits = predictionColumns(output, new Float64Array(0), width, new Uint8Array(0));
  if (!fits.ok) return fits;
  const column = output.task === 'multiclass' ? 1 + classIndex : output.task === 'binary' ? 1 : 0;
  const respond = (cells: DatasetMatrix) => {
    const { raw, status } = outputs(cells);
    const columns = predictionColumns(output, raw, width, status);
    const chosen = columns.ok ? columns.value[column] : undefined;
    if (!chosen || chosen.kind !== 'number') throw new Error(`modelResponse: no prediction column ${column}`);
    return chosen.values;
  };
  const label =
    output.task === 'regression' ? `prediction of ${output.name}` : `P(${output.name} = ${classes[output.task === 'binary' ? 1 : classIndex] ?? '?'})`;
  return ok({ plan, net, output, classIndex: output.task === 'multiclass' ? classIndex : 0, label, respond, encode, outputs });
}

/**
 * Which class's probability a classifier's response is: `name` among a multiclass model's classes (default: the first);
 * a binary model answers P(positive class) only. Errors: 'analysis/bad-class' naming the classes.
 */
export function responseClass(output: OutputSpec, name: string | undefined): Result<number> {
  if (name === undefined) return ok(0);
  const classes = output.classes ?? [];
  const bad = (message: string) => err<number>({ kind: 'analysis/bad-class', message });
  if (output.task === 'regression') return bad(`The model predicts '${output.name}', a number; a class applies to classifiers only.`);
  if (output.task === 'binary') {
    return name === classes[1] ? ok(0) : bad(`For a binary model the response is P(${output.name} = ${classes[1]}), the positive class${classes.includes(name) ? ` (P(${name}) is 1 minus it)` : `; it has no class '${name}'`}.`);
  }
  const k = classes.indexOf(name);
  return k >= 0 ? ok(k) : bad(`The model has no class '${name}' (its classes: ${classes.join(', ')}).`);
}
