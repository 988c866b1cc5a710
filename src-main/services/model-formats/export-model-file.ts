/**
 * Exporting a model file to a foreign format on disk: the pure writer gives the files (one, or TF.js's
 * model.json + .bin), each written atomically beside the chosen path, never over the model file itself.
 */
import { basename, dirname, join } from 'node:path';
import { EXPORT_FORMATS, formatById, type ExportFormatName } from '../../../src-shared/formats';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { err, ok, type Result } from '../../../src-shared/result';
import { checkOutputPath, writeWholeFileAtomically } from '../files/atomic-file';

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormatName[];

/** The output path's name without the format's extension: `out/model.onnx` → `model`. */
function baseNameOf(path: string): string {
  return basename(path).replace(/\.(onnx|keras|json|py|h5)$/i, '') || 'model';
}

/** Write `model` as `format` at `path` (TF.js also writes `<name>.weights.bin` beside it); returns the paths written. */
export async function exportModelFile(model: ModelFile, format: ExportFormatName, path: string, protect: readonly string[] = []): Promise<Result<{ files: string[] }>> {
  const writer = formatById(EXPORT_FORMATS[format]);
  if (!writer?.write) return err({ kind: 'model/export', message: `unknown export format ${format}; choose one of ${Object.keys(EXPORT_FORMATS).join(', ')}` });
  const folder = dirname(path);
  const files = await writer.write(model, baseNameOf(path));
  if (!files.ok) return files;
  const targets = files.value.map((f, k) => ({ path: k === 0 ? path : join(folder, f.name), bytes: f.bytes }));
  for (const t of targets) {
    const check = await checkOutputPath(t.path, protect);
    if (!check.ok) return check;
  }
  const written: string[] = [];
  for (const t of targets) {
    const w = await writeWholeFileAtomically(t.path, t.bytes, protect);
    if (!w.ok) return w;
    written.push(w.value.path);
  }
  return ok({ files: written });
}
