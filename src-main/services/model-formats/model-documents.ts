/**
 * The API's side of model formats: a foreign file opened by path or uploaded becomes a ModelDocument carrying
 * its import report; an export writes beside a path or answers with the bytes (browser download).
 */
import { basename, resolve } from 'node:path';
import type { ExportedModel, ModelDocument, ModelExportFormat } from '../../../src-shared/api';
import { detectFormat, importModel, EXPORT_FORMATS, formatById } from '../../../src-shared/formats';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, ok, type Result } from '../../../src-shared/result';
import { exportModelFile } from './export-model-file';
import { importModelFile, readBounded } from './import-model-file';

/** A Keras, TF.js or ONNX file at `path` as a ModelDocument; null when it is not one (a Dense Lab model file, say). */
export async function readForeignModel(path: string): Promise<Result<ModelDocument> | null> {
  const full = resolve(path);
  const head = await readBounded(full);
  if (!head.ok || !detectFormat({ name: basename(full), bytes: head.value })) return null;
  const imported = await importModelFile(full);
  if (!imported.ok) return imported;
  return ok({ path: full, name: basename(full), model: imported.value.model, imported: imported.value.report });
}

/** An uploaded Keras (.h5, .keras) or ONNX file (TF.js needs its shards beside it: open it by path). */
export function importUploadedModel(name: string, bytes: Uint8Array): Result<ModelDocument> {
  const imported = importModel({ name, bytes });
  if (!imported.ok) return err({ ...imported.error, file: name });
  return ok({ path: null, name, model: imported.value.model, imported: imported.value.report });
}

/** Export `model`: to disk beside `path` (never over `protect`ed files), or as bytes without a path. */
export async function exportModelDocument(model: ModelFile, format: ModelExportFormat, path: string | undefined, protect: readonly string[]): Promise<Result<ExportedModel>> {
  if (path !== undefined) {
    const written = await exportModelFile(model, format, resolve(path), protect);
    return written.ok ? ok({ files: written.value.files.map((p) => ({ name: basename(p), path: p })) }) : written;
  }
  const files = await formatById(EXPORT_FORMATS[format])!.write!(model, 'model');
  return files.ok ? ok({ files: files.value.map((f) => ({ name: f.name, path: null, bytes: f.bytes })) }) : files;
}
