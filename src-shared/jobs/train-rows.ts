/**
 * The rows and columns of a training job: look columns up by name, choose the task, split off validation
 * rows, and turn prepared rows into network rows (scaled target, one-hot classes). Failures are thrown as
 * AppFailure and turned into values by runTrainingJob.
 */
import type { PreparedRows, Preprocessing } from '../data/prepare';
import type { InputSpec, OutputSpec, Task } from '../model-file/types';
import { createRandom } from '../nn/random';
import { shuffleInPlace } from '../nn/train';
import { AppFailure, type AppError, type Result } from '../result';
import type { TrainingSettings } from './train-settings';
import { classCodes, inferTask, type TaskChoice } from './infer-task';
import type { Dataset } from '../data/dataset';
import type { Encoded } from './train-evaluation';
import { plural } from '../text/numbers';

export const fail = (e: AppError): never => {
  throw new AppFailure(e);
};

export function columnIndex(data: Dataset, name: string, role: string, file: string): number {
  const k = data.columns.findIndex((c) => c.name === name);
  if (k < 0) {
    const names = data.columns.map((c) => c.name);
    const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
    fail({ kind: 'train/unknown-column', message: `The ${file} has no column '${name}' for the ${role} (columns: ${shown}).`, column: name });
  }
  return k;
}

/** Task and class labels for the target column: given, or inferred by the shared rule (and the reason, said to the user). */
export function chooseTask(data: Dataset, col: number, given: Task | undefined): TaskChoice {
  const info = data.columns[col];
  const { values, missing, cols } = data;
  const codes = info.type === 'numeric' ? classCodes(data.rows, (r) => (missing[r * cols + col] === 1 ? null : values[r * cols + col])) : null;
  return unwrap(inferTask(info, codes, given));
}

/** Network rows from prepared rows: y' = (y − mean)/std for a scaled regression target, one-hot for multiclass. */
export function toTrainingRows(p: PreparedRows, units: number, scale: OutputSpec['scale']): Encoded {
  const y = new Float64Array(p.rows * units);
  for (let r = 0; r < p.rows; r++) {
    if (units > 1) y[r * units + p.y[r]] = 1;
    else y[r] = scale ? (p.y[r] - scale.mean) / scale.std : p.y[r];
  }
  return { x: p.x, y, truth: p.y, rows: p.rows };
}

/**
 * The input specs with each numeric input's impute value: the training mean before scaling, so encode.ts gives an
 * empty cell at prediction what prepare.ts gave it in training (x' = mean of the scaled training values; 0 when
 * standardized, so the value written is exactly scale.mean). Categorical inputs already carry theirs from prepare.ts
 * (the training rows' most frequent category).
 */
export function withImpute(prep: Preprocessing): InputSpec[] {
  let offset = 0;
  return prep.inputs.map((spec) => {
    const at = offset;
    offset += spec.categories ? spec.categories.length : 1;
    if (spec.categories) return spec;
    const m = prep.inputMeans[at];
    // x = x'·std + mean
    const value = spec.scale ? (m === 0 ? spec.scale.mean : m * spec.scale.std + spec.scale.mean) : m;
    return Number.isFinite(value) ? { ...spec, impute: value } : spec;
  });
}

/** Mean and population standard deviation of values (std 0 becomes 1). */
export function fitScale(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (let k = 0; k < values.length; k++) mean += values[k];
  mean /= values.length;
  let ss = 0;
  for (let k = 0; k < values.length; k++) ss += (values[k] - mean) ** 2;
  const std = Math.sqrt(ss / values.length);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

export const unwrap = <T>(r: Result<T>, file?: string): T => (r.ok ? r.value : fail(file ? { ...r.error, message: `${file}: ${r.error.message}` } : r.error));

/** Dropped-row counts of prepared rows, as a note (or null when none were dropped). */
export function droppedNote(p: PreparedRows, total: number, what: string): string | null {
  const parts: string[] = [];
  if (p.droppedMissingTarget > 0) parts.push(`${p.droppedMissingTarget} with an empty target`);
  if (p.droppedMissingInput > 0) parts.push(`${p.droppedMissingInput} with an empty input`);
  if (p.droppedUnknownCategory > 0) parts.push(`${p.droppedUnknownCategory} with a category the training rows never had`);
  if (p.imputedRows > 0) parts.push(`(${p.imputedRows} more with empty inputs imputed: numbers with training means, categories with the most frequent one)`);
  return parts.length > 0 ? `${what}: of ${plural(total, 'row')}, left out ${parts.join(', ')}` : null;
}

/** Split the dataset's rows into training and validation per the settings (random: seeded; last: Keras's validation_split). */
export function splitRows(rows: Int32Array, settings: TrainingSettings): { train: Int32Array; validation: Int32Array } {
  const v = settings.validation;
  if (v.kind !== 'random' && v.kind !== 'last') return { train: rows, validation: new Int32Array(0) };
  const nTrain = Math.floor(rows.length * (1 - v.fraction));
  if (v.kind === 'last') return { train: rows.slice(0, nTrain), validation: rows.slice(nTrain) };
  const order = Int32Array.from(rows);
  // a stream of its own, so changing the split never changes the initial weights
  shuffleInPlace(order, createRandom(settings.seed + 0x5917).nextInt);
  const train = order.slice(0, nTrain).sort();
  const validation = order.slice(nTrain).sort();
  return { train, validation };
}

