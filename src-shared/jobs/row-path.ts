/**
 * THE path of one dataset row through a model, the one every view and the CLI's `forward --row` follow:
 *   raw cell → imputation → input scaling / one-hot (encodeRows, the predict workers' encoder)
 *   → layers (forwardTrace: bit for bit the batched kernel's arithmetic)
 *   → output unscaling / class choice (predictionColumns, what `predict` writes).
 * So what the diagram, the step-through or the sample output shows for row k is exactly what `predict`
 * writes for row k. No view re-implements a piece of this.
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { datePartOf } from '../data/date-parts';
import { formatDate, parseDate } from '../data/dates';
import { encodeRows, planEncoding, type EncodePlan, type InputEncoding } from '../data/encode';
import type { ModelFile } from '../model-file/types';
import { modelToNetwork } from '../model-file/read';
import { forwardTrace, type ForwardTrace } from '../nn/forward';
import type { Network } from '../nn/model';
import { err, ok, type Result } from '../result';
import { ROW_STATUS } from './forward';
import { predictionColumns } from './prediction-columns';
import { countOf } from '../text/numbers';

/** One model input of one row: the cell as the dataset holds it and what the network receives. */
export interface RowInput {
  readonly name: string;
  readonly kind: 'number' | 'one-hot';
  /** The cell: a number, a category name, a date (ISO text, for a date-part input), or null when empty. */
  readonly raw: number | string | null;
  /** The value the cell was read as after imputation (null: empty and not imputed, or an unknown category). */
  readonly imputed: number | string | null;
  /** What the network receives: one value (scaled or not) or the one-hot vector; empty when the row cannot be encoded. */
  readonly network: readonly number[];
  /** How a number was scaled: x' = (x − mean) / std; absent when it goes in raw. */
  readonly scale?: { readonly mean: number; readonly std: number };
  /** One-hot inputs: the model's categories, in vector order. */
  readonly categories?: readonly string[];
}

/** A prediction column's value for the row, as `predict` writes it (class label, number; null = empty cell). */
export interface RowPredictionCell {
  readonly name: string;
  readonly value: number | string | null;
}

/** One row's whole path. `trace` is null when the row gets no prediction (status says why). */
export interface RowPath {
  readonly row: number;
  /** ROW_STATUS: ok, missingInput or unknownCategory. */
  readonly status: number;
  readonly inputs: readonly RowInput[];
  /** The whole network input vector (empty when the row cannot be encoded). */
  readonly network: readonly number[];
  readonly trace: ForwardTrace | null;
  /** Prediction columns in `predict`'s order: prediction | predicted_class, probability | predicted_class, p_<class>… */
  readonly prediction: readonly RowPredictionCell[];
}

/** A model ready to run rows of one dataset: its encoding plan and engine network, made once. */
export interface RowPathModel {
  readonly model: ModelFile;
  readonly plan: EncodePlan;
  readonly net: Network;
  readonly columns: readonly ColumnInfo[];
}

/** Match a model to a dataset's columns (errors as planEncoding's: they name the column). */
export function prepareRowPath(model: ModelFile, columns: readonly ColumnInfo[]): Result<RowPathModel> {
  const plan = planEncoding(model.inputs, columns);
  if (!plan.ok) return plan;
  return ok({ model, plan: plan.value, net: modelToNetwork(model), columns });
}

/** A short sentence saying why a row has no prediction. */
export function rowStatusText(status: number): string {
  if (status === ROW_STATUS.missingInput) return 'This row has an empty input cell, so the model gives no prediction for it.';
  if (status === ROW_STATUS.unknownCategory) return 'This row has a category the model never saw, so the model gives no prediction for it.';
  return '';
}

/** The first step of the path alone: row `row`'s network inputs and status (ROW_STATUS), as the predict workers encode it. */
export function encodeOneRow(plan: EncodePlan, matrix: DatasetMatrix, row: number): { x: Float64Array; status: number } {
  const x = new Float64Array(plan.width);
  const status = new Uint8Array(1);
  // The row alone, as a one-row matrix (views, no copy): encodeRows indexes status by row.
  const cols = matrix.cols;
  const one: DatasetMatrix = { rows: 1, cols, values: matrix.values.subarray(row * cols, (row + 1) * cols), missing: matrix.missing.subarray(row * cols, (row + 1) * cols) };
  encodeRows(plan, one, 0, 1, x, status);
  return { x, status: status[0] };
}

/** Row `row` (0-based) of `matrix` through the model: see the file comment. Error 'data/row-out-of-range'. */
export function rowPath(prepared: RowPathModel, matrix: DatasetMatrix, row: number): Result<RowPath> {
  if (!Number.isInteger(row) || row < 0 || row >= matrix.rows) {
    return err({ kind: 'data/row-out-of-range', message: `Row ${row + 1} does not exist: the data has ${countOf(matrix.rows, 'row')}.` });
  }
  const { plan, net, model, columns } = prepared;
  const { x, status } = encodeOneRow(plan, matrix, row);
  const good = status === ROW_STATUS.ok;
  const inputs = plan.inputs.map((input) => describeInput(input, matrix, row, columns, good ? x : null, model));
  if (!good) return ok({ row, status, inputs, network: [], trace: null, prediction: emptyPrediction(prepared) });
  const trace = forwardTrace(net, x);
  const out = Float64Array.from(trace.output);
  const columnsOut = predictionColumns(model.output, out, out.length, new Uint8Array([ROW_STATUS.ok]));
  if (!columnsOut.ok) return columnsOut;
  const prediction = columnsOut.value.map((c) => ({ name: c.name, value: c.kind === 'number' ? c.values[0] : (c.classes[c.codes[0]] ?? null) }));
  return ok({ row, status, inputs, network: Array.from(x), trace, prediction });
}

function emptyPrediction(prepared: RowPathModel): RowPredictionCell[] {
  const empty = predictionColumns(prepared.model.output, new Float64Array(prepared.net.layers.at(-1)?.units ?? 0), prepared.net.layers.at(-1)?.units ?? 0, new Uint8Array([ROW_STATUS.missingInput]));
  return empty.ok ? empty.value.map((c) => ({ name: c.name, value: null })) : [];
}

function describeInput(input: InputEncoding, matrix: DatasetMatrix, row: number, columns: readonly ColumnInfo[], x: Float64Array | null, model: ModelFile): RowInput {
  const cell = row * matrix.cols + input.column;
  const empty = matrix.missing[cell] === 1 || matrix.values[cell] !== matrix.values[cell];
  const v = matrix.values[cell];
  const spec = model.inputs.find((s) => s.name === input.name);
  if (input.kind === 'number') {
    // A date part: the cell is the date (shown as its ISO text), read as the part.
    const raw = empty ? null : input.datePart ? formatDate(v) : v;
    const imputed = empty ? (input.impute ?? null) : input.datePart ? datePartOf(v, input.datePart) : v;
    return { name: input.name, kind: 'number', raw, imputed, network: x ? [x[input.offset]] : [], ...(input.scale ? { scale: input.scale } : {}) };
  }
  const categories = spec?.categories ?? [];
  const raw = empty ? null : (columns[input.column].categories?.[v] ?? null);
  const slot = empty ? (input.imputeSlot ?? -1) : Number.isInteger(v) && v >= 0 && v < input.slotOfCode.length ? input.slotOfCode[v] : -1;
  return {
    name: input.name,
    kind: 'one-hot',
    raw,
    imputed: slot >= 0 ? (categories[slot] ?? null) : null,
    network: x ? Array.from(x.subarray(input.offset, input.offset + input.width)) : [],
    categories,
  };
}

/** One row given as display cells (numbers, category names, ISO dates; null = empty) as a one-row matrix of the dataset's codes. */
export function cellsToMatrix(columns: readonly ColumnInfo[], cells: readonly (number | string | null)[]): DatasetMatrix {
  const values = new Float64Array(columns.length);
  const missing = new Uint8Array(columns.length);
  columns.forEach((column, c) => {
    const code = cellCode(column, cells[c] ?? null);
    values[c] = code;
    missing[c] = Number.isNaN(code) ? 1 : 0;
  });
  return { rows: 1, cols: columns.length, values, missing };
}

/** A display cell back to the dataset's numeric code: numbers as is, categories by index, dates as ms. */
function cellCode(column: ColumnInfo, cell: number | string | null): number {
  if (cell === null) return NaN;
  if (typeof cell === 'number') return cell;
  // As the loader reads an ISO date (UTC without an offset); a cell that is not a date is empty: no prediction.
  if (column.type === 'date') return parseDate(cell, 'iso') ?? NaN;
  const index = column.categories?.indexOf(cell) ?? -1;
  return index >= 0 ? index : NaN;
}

/** Shortest round-trip text of a number for JSON (JSON has no NaN/Infinity: those become null). */
function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

function jsonValue(v: number | string | null): string {
  return v === null ? 'null' : typeof v === 'number' ? jsonNumber(v) : JSON.stringify(v);
}

/**
 * The CLI's `forward --row K --json` document:
 * {"row": K, "inputs": [{"name", "raw", "network"}], "layers": [{"z", "a"}], "output": [], "prediction": …,
 *  "prediction_columns": {column: value}} — `prediction` is predict's first column (the number, or the class).
 */
export function rowPathJson(path: RowPath): string {
  const list = (vs: readonly number[]) => `[${vs.map(jsonNumber).join(', ')}]`;
  const inputs = path.inputs.map((i) => `{"name": ${JSON.stringify(i.name)}, "raw": ${jsonValue(i.raw)}, "network": ${i.kind === 'number' && i.network.length === 1 ? jsonNumber(i.network[0]) : list(i.network)}}`);
  const layers = (path.trace?.layers ?? []).map((l) => `{"z": ${list(l.z)}, "a": ${list(l.a)}}`);
  const columns = path.prediction.map((c) => `${JSON.stringify(c.name)}: ${jsonValue(c.value)}`);
  const status = path.status === ROW_STATUS.ok ? '' : `, "empty": ${JSON.stringify(rowStatusText(path.status))}`;
  return (
    `{"row": ${path.row + 1}, "inputs": [${inputs.join(', ')}], "layers": [${layers.join(', ')}], "output": ${list(path.trace?.output ?? [])}, ` +
    `"prediction": ${jsonValue(path.prediction[0]?.value ?? null)}, "prediction_columns": {${columns.join(', ')}}${status}}\n`
  );
}
