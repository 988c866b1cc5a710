/**
 * One small interface for every foreign model format (Keras HDF5, Keras v3, TF.js Layers, ONNX, the python
 * script): `read(source) → ImportedModel` and/or `write(model) → files`. Each format lives in its own folder
 * beside this file; `index.ts` is the one table of them. Readers never throw: a file that cannot be opened
 * exactly becomes one sentence naming the layer or op, its position and why (kind `model/import`).
 */
import type { ModelFile } from '../model-file/types';
import type { Result } from '../result';

export type FormatId = 'keras-h5' | 'keras-v3' | 'tfjs' | 'onnx' | 'python';

/** The bytes of a model file, and of the files it names beside it (TF.js weight shards), by relative name. */
export interface ModelSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly companions?: ReadonlyMap<string, Uint8Array>;
}

/** What an import read, for a person: shown by the app after opening and printed by `import-model`. */
export interface ImportReport {
  readonly format: FormatId;
  /** "Keras HDF5", "Keras v3 (.keras)", … */
  readonly formatLabel: string;
  /** Who wrote the file and which version, as the file says ("keras 2.4.0", "pytorch 1.13.1"), or "unknown". */
  readonly producer: string;
  /** One line per layer (or op) of the source, in order: `dense (Dense, 64 units, relu)`. */
  readonly layers: readonly string[];
  /** What was folded into a neighbouring Dense or dropped as an identity, one line each. */
  readonly folded: readonly string[];
  /** The precision of the weights in the file. */
  readonly precision: 'float32' | 'float64';
}

export interface ImportedModel {
  readonly model: ModelFile;
  readonly report: ImportReport;
}

/** One file an export writes: a name relative to the chosen output path's folder, and its bytes. */
export interface ExportedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ModelFormat {
  readonly id: FormatId;
  readonly label: string;
  /** The file name extension an export uses (".onnx"). */
  readonly extension: string;
  /** Whether these bytes look like this format (magic numbers, then JSON keys); cheap, never throws. */
  detect?(source: ModelSource): boolean;
  read?(source: ModelSource): Result<ImportedModel>;
  /** `baseName` is the output file name without its extension; formats with several files derive names from it. */
  write?(model: ModelFile, baseName: string): Promise<Result<ExportedFile[]>>;
}
