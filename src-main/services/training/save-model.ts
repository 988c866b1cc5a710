/** Saving a trained model file: atomically (temporary file, then rename), never over the training data. */
import type { Result } from '../../../src-shared/result';
import { writeWholeFileAtomically } from '../files/atomic-file';

/**
 * Write `text` to `path` atomically, refusing a path that is (by real path) one of `protectedPaths` (the
 * input CSVs). Answers the absolute path written. Errors: 'io/would-overwrite-input', 'io/no-folder',
 * 'io/unwritable', 'io/disk-full', … (see writeFileAtomically).
 */
export async function saveModelText(path: string, text: string, protectedPaths: readonly string[] = []): Promise<Result<string>> {
  const written = await writeWholeFileAtomically(path, text, protectedPaths);
  return written.ok ? { ok: true, value: written.value.path } : written;
}
