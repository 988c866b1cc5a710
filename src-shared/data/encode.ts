/**
 * From dataset cells to network inputs, as a model file says: each InputSpec names a column, numbers
 * are standardized (x' = (x − mean) / std) when the spec has a scale, categories become one-hot
 * vectors in the spec's category order, matched by category NAME (the dataset's codes are its own).
 *
 * A numeric input whose spec has `impute` reads an empty cell as that value (then scales it); a categorical one
 * reads it as its `impute` category (one-hot). Otherwise a row
 * whose input cell is empty, or holds a category the model never saw, is not encoded into a made-up number: it is marked (ROW_STATUS.missingInput / unknownCategory) so it gets an empty
 * prediction, and the caller counts and reports it.
 *
 * A date-part input (spec.date) reads its date column's cell (ms since 1970, UTC) as that part (date-parts.ts), then
 * scales it as a number; an empty cell takes its `impute` (a part value) or leaves the row without a prediction.
 * A date column holds dates only (the loader types a column 'date' when every present cell is one): a file whose
 * "date" column has a cell that is not a date is not a date column, and planEncoding refuses it by name.
 */
import type { ColumnInfo, ColumnType, DatasetMatrix } from './dataset';
import { specColumn, type DatePart, type InputSpec } from '../model-file/types';
import { datePartOf } from './date-parts';
import { err, ok, type Result } from '../result';

/** Per-row status written by encodeRows (and by forward jobs into their shared `status` Uint8Array). 0 means the row was never computed. */
export const ROW_STATUS = {
  notComputed: 0,
  ok: 1,
  /** An input cell is empty (or not a number): the row gets an empty prediction. */
  missingInput: 2,
  /** A categorical input holds a category the model never saw. */
  unknownCategory: 3,
} as const;

/** How one model input is read from the dataset. `offset` is its first position among the network inputs. */
export type InputEncoding =
  | {
      readonly kind: 'number';
      readonly name: string;
      readonly column: number;
      readonly offset: number;
      /** Present when the spec standardizes: x' = (x − mean) / std. */
      readonly scale?: { readonly mean: number; readonly std: number };
      /** Present when the spec imputes: an empty cell reads as this value (before scaling). */
      readonly impute?: number;
      /** Present for a date-part input: the cell is a date (ms), read as this part before scaling. */
      readonly datePart?: DatePart;
    }
  | {
      readonly kind: 'one-hot';
      readonly name: string;
      readonly column: number;
      readonly offset: number;
      readonly width: number;
      /** slotOfCode[datasetCode] = position in the one-hot vector, or −1 for a category the model never saw. */
      readonly slotOfCode: Int32Array;
      /** Present when the spec imputes: an empty cell reads as this position (the spec's impute category). */
      readonly imputeSlot?: number;
    };

/** The whole recipe for a dataset: one encoding per model input, `width` network inputs in all. */
export interface EncodePlan {
  readonly width: number;
  readonly inputs: readonly InputEncoding[];
}

const TYPE_WORDS: Record<ColumnType, string> = {
  numeric: 'numbers',
  categorical: 'categories (text)',
  text: 'text',
  date: 'dates',
  empty: 'no values at all',
};

/**
 * Match a model's inputs to a dataset's columns by name and check their types: a numeric input needs a
 * numeric column, a categorical input a categorical or text column (a column with no values at all is
 * accepted either way: every row then gets an empty prediction). Errors name the column:
 * 'predict/missing-column', 'predict/ambiguous-column', 'predict/wrong-column-type', 'model/invalid-scale'.
 */
export function planEncoding(specs: readonly InputSpec[], columns: readonly ColumnInfo[]): Result<EncodePlan> {
  const inputs: InputEncoding[] = [];
  let offset = 0;
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k];
    const columnName = specColumn(spec);
    const matches: number[] = [];
    columns.forEach((c, index) => {
      if (c.name === columnName) matches.push(index);
    });
    if (matches.length === 0) {
      const near = columns.find((c) => c.name.trim().toLowerCase() === columnName.trim().toLowerCase());
      const hint = near ? ` (there is a column '${near.name}': names must match exactly)` : '';
      return err({
        kind: 'predict/missing-column',
        message: `The model needs an input column '${columnName}', but the dataset has no column of that name${hint}.`,
        column: columnName,
        path: `inputs[${k}]`,
      });
    }
    if (matches.length > 1) {
      return err({
        kind: 'predict/ambiguous-column',
        message: `The dataset has ${matches.length} columns named '${columnName}' (columns ${matches.map((m) => m + 1).join(', ')}); the model input is ambiguous.`,
        column: columnName,
        path: `inputs[${k}]`,
      });
    }
    const column = matches[0];
    const info = columns[column];
    if (spec.categories) {
      if (info.type !== 'categorical' && info.type !== 'text' && info.type !== 'empty') {
        return err({
          kind: 'predict/wrong-column-type',
          message: `Column '${spec.name}' holds ${TYPE_WORDS[info.type]}, but the model expects categories (${preview(spec.categories)}).`,
          column: spec.name,
          path: `inputs[${k}]`,
        });
      }
      const slotOfName = new Map<string, number>();
      spec.categories.forEach((name, slot) => slotOfName.set(name, slot));
      const datasetCategories = info.categories ?? [];
      const slotOfCode = new Int32Array(datasetCategories.length);
      for (let code = 0; code < datasetCategories.length; code++) slotOfCode[code] = slotOfName.get(datasetCategories[code]) ?? -1;
      const width = spec.categories.length;
      const imputeSlot = typeof spec.impute === 'string' ? (slotOfName.get(spec.impute) ?? -1) : -1;
      inputs.push({ kind: 'one-hot', name: spec.name, column, offset, width, slotOfCode, ...(imputeSlot >= 0 ? { imputeSlot } : {}) });
      offset += width;
      continue;
    }
    if (spec.date && info.type !== 'date' && info.type !== 'empty') {
      return err({
        kind: 'predict/wrong-column-type',
        message: `Column '${columnName}' holds ${TYPE_WORDS[info.type]}, but the model reads its ${spec.date.part} as a date (every cell must be a date, e.g. 2012-01-31).`,
        column: columnName,
        path: `inputs[${k}]`,
      });
    }
    if (!spec.date && info.type !== 'numeric' && info.type !== 'empty') {
      return err({
        kind: 'predict/wrong-column-type',
        message: `Column '${spec.name}' holds ${TYPE_WORDS[info.type]}, but the model expects numbers.`,
        column: spec.name,
        path: `inputs[${k}]`,
      });
    }
    if (spec.scale) {
      const { mean, std } = spec.scale;
      if (!Number.isFinite(mean) || !Number.isFinite(std) || std === 0) {
        return err({
          kind: 'model/invalid-scale',
          message: `The model's scale for '${spec.name}' (mean ${mean}, std ${std}) cannot be applied: both must be finite and std not 0.`,
          column: spec.name,
          path: `inputs[${k}].scale`,
        });
      }
      inputs.push({ kind: 'number', name: spec.name, column, offset, scale: { mean, std }, ...impute(spec), ...(spec.date ? { datePart: spec.date.part } : {}) });
    } else {
      inputs.push({ kind: 'number', name: spec.name, column, offset, ...impute(spec), ...(spec.date ? { datePart: spec.date.part } : {}) });
    }
    offset += 1;
  }
  return ok({ width: offset, inputs });
}

/** A numeric spec's impute value, when it has a usable one. */
function impute(spec: InputSpec): { impute?: number } {
  return typeof spec.impute === 'number' && Number.isFinite(spec.impute) ? { impute: spec.impute } : {};
}

function preview(categories: readonly string[]): string {
  const shown = categories.slice(0, 4).map((c) => `'${c}'`);
  return categories.length > 4 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * Encode dataset rows [start, end) into `out` ((end − start) × plan.width, row-major) and write each
 * row's status into status[row] (ROW_STATUS: ok, missingInput or unknownCategory). A row that is not ok
 * is encoded as zeros (so a kernel can run over the whole block) and must not be reported as a prediction.
 * Returns how many of the rows are ok.
 */
export function encodeRows(plan: EncodePlan, matrix: DatasetMatrix, start: number, end: number, out: Float64Array, status: Uint8Array): number {
  const { values, missing, cols } = matrix;
  const width = plan.width;
  const inputs = plan.inputs;
  const n = inputs.length;
  let okRows = 0;
  for (let row = start; row < end; row++) {
    const base = (row - start) * width;
    const cell0 = row * cols;
    let rowStatus: number = ROW_STATUS.ok;
    for (let k = 0; k < n; k++) {
      const input = inputs[k];
      const cell = cell0 + input.column;
      let v = values[cell];
      // A cell counts as missing if flagged, or if it is NaN (never a number to feed the network),
      // unless the input has an impute value: then it reads as that value (a category: its one-hot position).
      let imputedSlot = -1;
      if (missing[cell] !== 1 && v === v && input.kind === 'number' && input.datePart !== undefined) v = datePartOf(v, input.datePart);
      if (missing[cell] === 1 || v !== v) {
        if (input.kind === 'number' && input.impute !== undefined) v = input.impute;
        else if (input.kind === 'one-hot' && input.imputeSlot !== undefined) imputedSlot = input.imputeSlot;
        else {
          rowStatus = ROW_STATUS.missingInput;
          break;
        }
      }
      if (input.kind === 'number') {
        // x' = (x − mean) / std
        out[base + input.offset] = input.scale ? (v - input.scale.mean) / input.scale.std : v;
      } else {
        const slot = imputedSlot >= 0 ? imputedSlot : v >= 0 && v < input.slotOfCode.length && Number.isInteger(v) ? input.slotOfCode[v] : -1;
        if (slot < 0) {
          if (rowStatus === ROW_STATUS.ok) rowStatus = ROW_STATUS.unknownCategory;
          continue;
        }
        const o = base + input.offset;
        for (let s = 0; s < input.width; s++) out[o + s] = 0;
        out[o + slot] = 1;
      }
    }
    status[row] = rowStatus;
    if (rowStatus === ROW_STATUS.ok) okRows++;
    else out.fill(0, base, base + width);
  }
  return okRows;
}
