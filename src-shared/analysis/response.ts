/**
 * What every analysis here asks of a model: "for these rows of raw dataset cells, what does the model answer?"
 * It goes the same way as `predict` (src-main/services/predict): raw cell → imputation → input scaling / one-hot
 * (planEncoding + encodeRows) → layers (forwardBatch, same bits as predict's kernels) → output unscaling
 * (y = y'·std + mean). An analysis changes CELLS (a column set to a grid value, a column shuffled), never encoded
 * inputs, so what it measures is what `predict` would print for those cells.
 *
 * The answer is one number per row, the "response":
 *   regression  the prediction in the target's units
 *   binary      P(positive class) = P(classes[1])
 *   multiclass  P(classes[classIndex]) (default: the first class)
 * A row whose inputs cannot be encoded (an empty cell without an impute value, an unseen category) answers NaN.
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { encodeRows, planEncoding, type EncodePlan } from '../data/encode';
import { ROW_STATUS } from '../jobs/forward';
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
  const column = output.task === 'regression' ? 0 : output.task === 'binary' ? (width === 1 ? 0 : 1) : classIndex;
  const scale = output.task === 'regression' ? output.scale : undefined;
  const respond = (cells: DatasetMatrix) => {
    const { raw, status } = outputs(cells);
    const y = new Float64Array(cells.rows);
    for (let r = 0; r < cells.rows; r++) {
      const v = raw[r * width + column];
      // y = y'·std + mean
      y[r] = status[r] !== ROW_STATUS.ok ? NaN : scale ? v * scale.std + scale.mean : v;
    }
    return y;
  };
  const label =
    output.task === 'regression' ? `prediction of ${output.name}` : `P(${output.name} = ${classes[output.task === 'binary' ? 1 : classIndex] ?? '?'})`;
  return ok({ plan, net, output, classIndex: output.task === 'multiclass' ? classIndex : 0, label, respond, encode, outputs });
}
