/**
 * The table of foreign model formats and the one entry point that picks a reader by content (then by file
 * name): HDF5 signature → Keras HDF5, zip → Keras v3, JSON with modelTopology → TF.js Layers, protobuf
 * starting with ir_version → ONNX.
 */
import { err, type Result } from '../result';
import type { ImportedModel, ModelFormat, ModelSource } from './format';
import { isHdf5 } from './hdf5/read';
import { readKerasH5 } from './keras-h5/read';
import { isZip, readKerasV3 } from './keras-v3/read';
import { writeKerasV3 } from './keras-v3/write';
import { looksLikeOnnx, readOnnx } from './onnx/read';
import { writeOnnx } from './onnx/write';
import { writePython } from './python/write';
import { isTfjsModelJson, readTfjs } from './tfjs/read';
import { writeTfjs } from './tfjs/write';

export const MODEL_FORMATS: readonly ModelFormat[] = [
  { id: 'keras-h5', label: 'Keras HDF5 (.h5)', extension: '.h5', detect: (s) => isHdf5(s.bytes), read: readKerasH5 },
  { id: 'keras-v3', label: 'Keras v3 (.keras)', extension: '.keras', detect: (s) => isZip(s.bytes), read: readKerasV3, write: writeKerasV3 },
  { id: 'tfjs', label: 'TensorFlow.js Layers (model.json + .bin)', extension: '.json', detect: (s) => isTfjsModelJson(s.bytes), read: readTfjs, write: writeTfjs },
  { id: 'onnx', label: 'ONNX (.onnx)', extension: '.onnx', detect: (s) => looksLikeOnnx(s.bytes), read: readOnnx, write: writeOnnx },
  { id: 'python', label: 'Python script (numpy)', extension: '.py', write: writePython },
];

/** The export formats by the name the CLI and the app use. */
export const EXPORT_FORMATS = { onnx: 'onnx', keras: 'keras-v3', tfjs: 'tfjs', python: 'python' } as const;
export type ExportFormatName = keyof typeof EXPORT_FORMATS;

export function formatById(id: string): ModelFormat | undefined {
  return MODEL_FORMATS.find((f) => f.id === id);
}

/** Which reader takes this file: by content first, then by its extension; undefined when none does. */
export function detectFormat(source: ModelSource): ModelFormat | undefined {
  const byContent = MODEL_FORMATS.find((f) => f.read && f.detect?.(source));
  if (byContent) return byContent;
  const lower = source.name.toLowerCase();
  return MODEL_FORMATS.find((f) => f.read && f.extension !== '.json' && lower.endsWith(f.extension));
}

/** Read a foreign model file (Keras HDF5, Keras v3, TF.js Layers, ONNX) into a model file and a report. */
export function importModel(source: ModelSource): Result<ImportedModel> {
  const format = detectFormat(source);
  if (!format?.read) {
    return err({ kind: 'model/import', message: `${source.name} is not a model file Dense Lab can import (Keras .h5 or .keras, TensorFlow.js model.json, ONNX)` });
  }
  return format.read(source);
}
