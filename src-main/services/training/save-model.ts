/** Saving a trained model file: atomically (temporary file, then rename), never over the training data. */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../../../src-shared/result';

/**
 * Write `text` to `path` via `path.<pid>.tmp` and a rename, so a reader never sees half a file.
 * Refuses a path that is one of `protectedPaths` (the input CSVs). Errors: 'io/would-overwrite-input', 'io/unwritable'.
 */
export async function saveModelText(path: string, text: string, protectedPaths: readonly string[] = []): Promise<Result<string>> {
  const target = resolve(path);
  if (protectedPaths.some((p) => resolve(p) === target)) {
    return err({ kind: 'io/would-overwrite-input', message: `Refusing to write the model over the input file ${path}; choose another --out.`, file: path });
  }
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, target);
    return ok(target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return err({ kind: 'io/unwritable', message: `Cannot write the model file ${path}: ${(e as Error).message}`, file: path });
  }
}
