/**
 * Preparing model inputs from column roles: FIT the preprocessing on training rows (standardization,
 * category order, target encoding), then produce X (rows × width, row-major) and y for any rows.
 * Applying the fitted InputSpec[] to cells is encode.ts's job (planEncoding/encodeRows), so training
 * and prediction encode rows with the same code.
 *
 * Choices, fixed so a model file is reproducible:
 * - Numeric inputs are standardized with the training rows' mean and population std
 *   (x' = (x − mean) / std); a constant column (std 0) gets std = 1, so it becomes 0, never NaN.
 * - Categorical and text inputs are one-hot over the categories present in the training rows, sorted
 *   (numbers by value, then text by code point: compareLabels), whatever the order of the file's rows.
 * - A date column as an input expands into its parts (year, month, day of week, day of year: date-parts.ts), one
 *   numeric input each (`date.month`), standardized like numbers. Empty columns cannot be inputs (refused by name).
 * - The target: regression reads the number; classification uses class labels in a fixed order (the
 *   column's categories sorted like inputs, or the distinct numbers sorted by value, written with
 *   String()), y = class index.
 *   Binary tasks have classes [negative, positive] in that order.
 * - Rows with a missing target are left out and counted. Rows with a missing input are dropped and
 *   counted ('drop', the default) or imputed ('impute-mean'): a missing number takes its training mean
 *   (standardized, exactly 0); a missing category takes the most frequent category of the training rows
 *   (ties: the first in category order), which the input spec records as `impute` so a model file
 *   predicts such rows the same way (encode.ts).
 */
import { err, ok, type Result } from '../result';
import type { Dataset } from './dataset';
import type { InputSpec, OutputSpec, Task } from '../model-file/types';
import { encodeRows, planEncoding, ROW_STATUS, type EncodePlan } from './encode';
import { compareLabels } from './csv/column-plan';
import { DATE_PARTS, datePartInputName, datePartOf } from './date-parts';

export type MissingPolicy = 'drop' | 'impute-mean';

export interface ColumnRoles {
  readonly target: string;
  readonly inputs: readonly string[];
  /** Default: classification for a categorical or text target, regression for a numeric one. */
  readonly task?: 'regression' | 'classification';
  /** Default 'drop'. */
  readonly missing?: MissingPolicy;
  /** Standardize numeric inputs (default true). */
  readonly standardize?: boolean;
}

/** The fitted preprocessing: what a model file records, plus what imputation needs. */
export interface Preprocessing {
  readonly inputs: InputSpec[];
  readonly output: OutputSpec;
  /** Number of network inputs. */
  readonly width: number;
  readonly missing: MissingPolicy;
  /** Training mean of every network input (after scaling/one-hot), for 'impute-mean' of numeric inputs. */
  readonly inputMeans: Float64Array;
  /** Column index of each input and of the target. */
  readonly inputColumns: number[];
  readonly targetColumn: number;
}

export interface PreparedRows {
  /** rows × width, row-major. */
  readonly x: Float64Array;
  /** Regression: the target; classification: the class index. */
  readonly y: Float64Array;
  readonly rows: number;
  readonly width: number;
  /** Dataset row index of each prepared row. */
  readonly rowIndex: Int32Array;
  readonly droppedMissingTarget: number;
  readonly droppedMissingInput: number;
  /** Rows (outside the training rows) with a category the training rows never had. */
  readonly droppedUnknownCategory: number;
  readonly imputedRows: number;
}

/**
 * Fit preprocessing for `roles` on the dataset rows `trainRows` (indices). Errors name the column:
 * 'prepare/unknown-column', 'prepare/unsupported-input', 'prepare/bad-target', 'prepare/no-rows'.
 */
export function fitPreprocessing(dataset: Dataset, roles: ColumnRoles, trainRows: ArrayLike<number>): Result<Preprocessing> {
  const index = (name: string): number => dataset.columns.findIndex((c) => c.name === name);
  const targetColumn = index(roles.target);
  if (targetColumn < 0) return err({ kind: 'prepare/unknown-column', message: `There is no column '${roles.target}' to predict.`, column: roles.target });
  const inputColumns: number[] = [];
  for (const name of roles.inputs) {
    const c = index(name);
    if (c < 0) return err({ kind: 'prepare/unknown-column', message: `There is no input column '${name}'.`, column: name });
    if (c === targetColumn) return err({ kind: 'prepare/unsupported-input', message: `'${name}' is the target; it cannot also be an input.`, column: name });
    const type = dataset.columns[c].type;
    if (type === 'empty') {
      return err({
        kind: 'prepare/unsupported-input',
        message: `Column '${name}' holds no values; it cannot be a model input.`,
        column: name,
      });
    }
    inputColumns.push(c);
  }
  if (inputColumns.length === 0) return err({ kind: 'prepare/no-inputs', message: 'Choose at least one input column.' });
  const policy = roles.missing ?? 'drop';
  const { values, missing, cols } = dataset;
  const present = (r: number, c: number): boolean => missing[r * cols + c] === 0;

  // The rows the fit uses: target present, and (for 'drop') every input present.
  const fitRows: number[] = [];
  for (let k = 0; k < trainRows.length; k++) {
    const r = trainRows[k];
    if (!present(r, targetColumn)) continue;
    if (policy === 'drop' && !inputColumns.every((c) => present(r, c))) continue;
    fitRows.push(r);
  }
  if (fitRows.length === 0) {
    return err({ kind: 'prepare/no-rows', message: 'No training row has a target and all its inputs: nothing to learn from.' });
  }

  const target = dataset.columns[targetColumn];
  const task = roles.task ?? (target.type === 'categorical' || target.type === 'text' ? 'classification' : 'regression');
  let output: OutputSpec;
  if (task === 'regression') {
    if (target.type !== 'numeric') {
      return err({ kind: 'prepare/bad-target', message: `Column '${target.name}' is not numeric; regression needs a numeric target.`, column: target.name });
    }
    output = { name: target.name, task: 'regression' };
  } else {
    const classes = classLabels(dataset, targetColumn);
    if (classes === null || classes.length < 2) {
      return err({
        kind: 'prepare/bad-target',
        message: `Column '${target.name}' has ${classes === null ? 'values that are not class labels' : 'fewer than 2 classes'}; classification needs 2 or more.`,
        column: target.name,
      });
    }
    const t: Task = classes.length === 2 ? 'binary' : 'multiclass';
    output = { name: target.name, task: t, classes };
  }

  const standardize = roles.standardize ?? true;
  const inputs: InputSpec[] = inputColumns.flatMap((c): InputSpec[] => {
    const info = dataset.columns[c];
    if (info.type === 'date') {
      return DATE_PARTS.map((part) => {
        const date = { column: info.name, part };
        const name = datePartInputName(info.name, part);
        if (!standardize) return { name, date };
        const partValues = fitRows.filter((r) => present(r, c)).map((r) => datePartOf(values[r * cols + c], part));
        return { name, date, scale: populationScale(partValues) };
      });
    }
    if (info.type === 'categorical' || info.type === 'text') {
      const seen = new Float64Array(info.categories?.length ?? 0);
      for (const r of fitRows) if (present(r, c)) seen[values[r * cols + c]]++;
      const codes = (info.categories ?? []).map((_, code) => code).filter((code) => seen[code] > 0);
      const categories = info.categories ?? [];
      codes.sort((a, b) => compareLabels(categories[a], categories[b]));
      const inTraining = codes.map((code) => categories[code]);
      if (policy !== 'impute-mean' || codes.length === 0) return [{ name: info.name, categories: inTraining }];
      // The most frequent category; the first in category order among equals.
      let mode = codes[0];
      for (const code of codes) if (seen[code] > seen[mode]) mode = code;
      return [{ name: info.name, categories: inTraining, impute: categories[mode] }];
    }
    if (!standardize) return [{ name: info.name }];
    // Population mean and std over the fit rows' present values (two passes: mean, then Σ(x − mean)²).
    let n = 0;
    let sum = 0;
    for (const r of fitRows) {
      if (present(r, c)) {
        n++;
        sum += values[r * cols + c];
      }
    }
    const mean = n > 0 ? sum / n : 0;
    let ss = 0;
    for (const r of fitRows) {
      if (present(r, c)) {
        const d = values[r * cols + c] - mean;
        ss += d * d;
      }
    }
    const sd = n > 0 ? Math.sqrt(ss / n) : 0;
    return [{ name: info.name, scale: { mean, std: sd > 0 && Number.isFinite(sd) ? sd : 1 } }];
  });

  // Means over present cells only: a plan without the categories' impute values.
  const planned = planEncoding(inputs.map(({ impute: _, ...spec }) => spec), dataset.columns);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const inputMeans = trainingInputMeans(dataset, plan, fitRows);
  return ok({ inputs, output, width: plan.width, missing: policy, inputMeans, inputColumns, targetColumn });
}

/** Population mean and std of values, as for numeric inputs (std 0 → 1). */
function populationScale(xs: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = xs.length > 0 ? sum / xs.length : 0;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = xs.length > 0 ? Math.sqrt(ss / xs.length) : 0;
  return { mean, std: sd > 0 && Number.isFinite(sd) ? sd : 1 };
}

/** Class labels of a target column in a fixed order, or null if it cannot be a class label. */
function classLabels(dataset: Dataset, column: number): string[] | null {
  const info = dataset.columns[column];
  if (info.type === 'categorical' || info.type === 'text') return [...(info.categories ?? [])].sort(compareLabels);
  if (info.type !== 'numeric') return null;
  const distinct = new Set<number>();
  for (let r = 0; r < dataset.rows; r++) {
    const i = r * dataset.cols + column;
    if (dataset.missing[i] === 0) distinct.add(dataset.values[i]);
    if (distinct.size > 1000) return null;
  }
  return [...distinct].sort((a, b) => a - b).map((v) => String(v));
}

/** Mean of every network input over the fit rows whose cell for that input is present. */
function trainingInputMeans(dataset: Dataset, plan: EncodePlan, fitRows: readonly number[]): Float64Array {
  const sums = new Float64Array(plan.width);
  const counts = new Float64Array(plan.width);
  const row = new Float64Array(plan.width);
  const status = new Uint8Array(dataset.rows);
  const add = (from: number, to: number): void => {
    for (let s = from; s < to; s++) {
      sums[s] += row[s];
      counts[s]++;
    }
  };
  for (const r of fitRows) {
    encodeRows(plan, dataset, r, r + 1, row, status);
    if (status[r] === ROW_STATUS.ok) {
      add(0, plan.width);
      continue;
    }
    // Some input is missing (impute-mean): take the present ones one by one.
    for (const input of plan.inputs) {
      encodeRows({ width: plan.width, inputs: [input] }, dataset, r, r + 1, row, status);
      if (status[r] === ROW_STATUS.ok) add(input.offset, input.offset + (input.kind === 'one-hot' ? input.width : 1));
    }
  }
  return sums.map((s, k) => (counts[k] > 0 ? s / counts[k] : 0));
}

/**
 * X and y for the dataset rows `rowIndices`, with fitted preprocessing. Rows with a missing target are
 * left out; rows with a missing input are dropped or imputed, as the preprocessing's policy says.
 * A row whose category the training rows never saw is dropped too (counted apart).
 */
export function prepareRows(dataset: Dataset, prep: Preprocessing, rowIndices: ArrayLike<number>): PreparedRows {
  const planned = planEncoding(prep.inputs, dataset.columns);
  if (!planned.ok) throw new Error(planned.error.message); // fitPreprocessing already checked this plan
  const plan = planned.value;
  const width = plan.width;
  const x = new Float64Array(rowIndices.length * width);
  const y = new Float64Array(rowIndices.length);
  const kept = new Int32Array(rowIndices.length);
  const status = new Uint8Array(dataset.rows);
  const classOfCode = targetCodes(dataset, prep);
  let n = 0;
  let droppedMissingTarget = 0;
  let droppedMissingInput = 0;
  let droppedUnknownCategory = 0;
  let imputedRows = 0;
  const { values, missing, cols } = dataset;
  for (let k = 0; k < rowIndices.length; k++) {
    const r = rowIndices[k];
    const t = r * cols + prep.targetColumn;
    if (missing[t] === 1) {
      droppedMissingTarget++;
      continue;
    }
    const out = x.subarray(n * width, (n + 1) * width);
    encodeRows(plan, dataset, r, r + 1, out, status);
    if (status[r] === ROW_STATUS.unknownCategory) {
      droppedUnknownCategory++;
      continue;
    }
    if (status[r] === ROW_STATUS.ok && prep.missing === 'impute-mean' && prep.inputColumns.some((c) => missing[r * cols + c] === 1)) {
      // A missing category read as its impute category by encodeRows.
      imputedRows++;
    } else if (status[r] !== ROW_STATUS.ok) {
      if (prep.missing === 'drop') {
        droppedMissingInput++;
        continue;
      }
      if (!imputeRow(plan, dataset, r, out, status, prep.inputMeans)) {
        droppedUnknownCategory++;
        continue;
      }
      imputedRows++;
    }
    y[n] = classOfCode ? classOfCode(values[t]) : values[t];
    if (Number.isNaN(y[n])) {
      droppedMissingTarget++;
      continue;
    }
    kept[n] = r;
    n++;
  }
  return {
    x: x.slice(0, n * width),
    y: y.slice(0, n),
    rows: n,
    width,
    rowIndex: kept.slice(0, n),
    droppedMissingTarget,
    droppedMissingInput,
    droppedUnknownCategory,
    imputedRows,
  };
}

/**
 * Encode each input of row r on its own; a missing number takes the training mean, a missing category its impute
 * category (encodeRows does that). False if a category is unknown.
 */
function imputeRow(plan: EncodePlan, dataset: Dataset, r: number, out: Float64Array, status: Uint8Array, means: Float64Array): boolean {
  for (const input of plan.inputs) {
    const w = input.kind === 'one-hot' ? input.width : 1;
    const cell = r * dataset.cols + input.column;
    const imputedByPlan = input.kind === 'one-hot' && input.imputeSlot !== undefined;
    if (!imputedByPlan && (dataset.missing[cell] === 1 || Number.isNaN(dataset.values[cell]))) {
      out.set(means.subarray(input.offset, input.offset + w), input.offset);
      continue;
    }
    encodeRows({ width: plan.width, inputs: [input] }, dataset, r, r + 1, out, status);
    if (status[r] !== ROW_STATUS.ok) return false;
  }
  return true;
}

/** For classification: dataset value of the target → class index (NaN if not a class). */
function targetCodes(dataset: Dataset, prep: Preprocessing): ((v: number) => number) | null {
  const classes = prep.output.classes;
  if (!classes) return null;
  const info = dataset.columns[prep.targetColumn];
  const index = new Map<string, number>();
  classes.forEach((c, i) => index.set(c, i));
  if (info.type === 'categorical' || info.type === 'text') {
    const byCode = (info.categories ?? []).map((c) => index.get(c) ?? NaN);
    return (v) => byCode[v] ?? NaN;
  }
  return (v) => index.get(String(v)) ?? NaN;
}

/** Fit on `trainRows` and prepare them (and, if given, `otherRows`, e.g. a test split) with the same preprocessing. */
export function prepare(
  dataset: Dataset,
  roles: ColumnRoles,
  trainRows: ArrayLike<number>,
  otherRows?: ArrayLike<number>,
): Result<{ preprocessing: Preprocessing; train: PreparedRows; other?: PreparedRows }> {
  const fitted = fitPreprocessing(dataset, roles, trainRows);
  if (!fitted.ok) return fitted;
  const preprocessing = fitted.value;
  const train = prepareRows(dataset, preprocessing, trainRows);
  return ok(otherRows ? { preprocessing, train, other: prepareRows(dataset, preprocessing, otherRows) } : { preprocessing, train });
}
