/**
 * The model file (`*.dlmodel.json`), exactly as it is written on disk. Other tools may write it too.
 * {"format": "dense-lab/model", "version": 1, "inputs": [...], "output": {...}, "layers": [...]}
 */
import type { ActivationName } from '../nn/model';

export const MODEL_FORMAT = 'dense-lab/model';
export const MODEL_VERSION = 1;

export type Task = 'regression' | 'binary' | 'multiclass';

/** A part of a date an input can be (data/date-parts.ts computes them). */
export type DatePart = 'year' | 'month' | 'weekday' | 'yearday';

/** Every part, in the order a date column expands into inputs. */
export const DATE_PARTS: readonly DatePart[] = ['year', 'month', 'weekday', 'yearday'];

/** One input column and its preprocessing. Order matters: it is the order of the network's inputs. */
export interface InputSpec {
  readonly name: string;
  /** x' = (x − mean) / std before the first layer. */
  readonly scale?: { readonly mean: number; readonly std: number };
  /** A categorical input, one-hot in this order: it feeds categories.length network inputs. */
  readonly categories?: readonly string[];
  /**
   * The value an empty cell takes. A numeric input: a number, BEFORE scaling (training writes the training mean when
   * its missing policy is impute-mean). A categorical input: one of its `categories` (training writes the most
   * frequent category of the training rows, ties to the first in category order). Without it, a row with this input
   * empty gets no prediction. Optional: older files (and readers) without it stay valid.
   */
  readonly impute?: number | string;
  /**
   * This input is one part of a date column (data/date-parts.ts): the cell of column `column` (a date) read as its
   * year, month, day of week or day of year, then scaled and imputed as a number (impute: a part value, not a date).
   * `name` is the input's own (`date.month`); without `date`, `name` is the column.
   */
  readonly date?: { readonly column: string; readonly part: DatePart };
}

/** The dataset column an input reads: its date column, else the column of its name. */
export function specColumn(spec: InputSpec): string {
  return spec.date?.column ?? spec.name;
}

export interface OutputSpec {
  readonly name: string;
  readonly task: Task;
  /** Class labels for binary and multiclass tasks (binary: [negative, positive]). */
  readonly classes?: readonly string[];
  /** For regression targets that were standardized during training: y = y' · std + mean. */
  readonly scale?: { readonly mean: number; readonly std: number };
}

export interface LayerSpec {
  readonly units: number;
  readonly activation: ActivationName;
  readonly alpha?: number;
  /** inputs × units: kernel[i][j] is the weight from input i to unit j (Keras layout). */
  readonly kernel: readonly (readonly number[])[];
  readonly bias: readonly number[];
  /**
   * Keras's Dropout after this layer (rate, 0 ≤ rate < 1): in the file a layer of its own right after this one,
   * `{"type": "dropout", "rate": 0.2}`; readModelFile folds it into this field. The identity at inference.
   */
  readonly dropout?: number;
}

/** The file's entry for a Dropout layer (in `layers`, after the dense layer it applies to). */
export const DROPOUT_LAYER_TYPE = 'dropout';

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly inputs: readonly InputSpec[];
  readonly output: OutputSpec;
  readonly layers: readonly LayerSpec[];
  /** Optional provenance (training settings, metrics, dates); ignored by readers that do not know it. */
  readonly training?: Record<string, unknown>;
  /** The precision of the weights as imported (an imported Keras/ONNX/TF.js file's float32); informative only. */
  readonly precision?: 'float64' | 'float32';
  /**
   * The arithmetic predictions run in. Absent or 'float64': the engine's, exact. 'float32': the float32 mode
   * (src-shared/nn/kernels/forward-kernel.ts): inputs, weights and sums in float32, about 1.7× faster, not exact
   * (within about 1e-6 relative of float64 on the course networks). Set in the app's model summary or per run with
   * `dense-lab predict --arithmetic`.
   */
  readonly arithmetic?: 'float64' | 'float32';
}

/** Number of network inputs an input spec feeds: one, or one per category. */
export function inputWidth(spec: InputSpec): number {
  return spec.categories ? spec.categories.length : 1;
}
