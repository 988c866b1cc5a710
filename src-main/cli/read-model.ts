/** Reading a model file from disk for the CLI: any problem becomes a one-line UsageError (exit 2). */
import { readModelFile } from '../../src-shared/model-file/read';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { AppError } from '../../src-shared/result';
import { MAX_MODEL_BYTES, readWholeText } from '../services/files/read-whole-file';
import { UsageError } from './command';

/** `file:line:column: message` or `file: message`, for one-line error output. */
export function whereAndWhat(file: string, error: AppError): string {
  return error.line !== undefined ? `${file}:${error.line}:${error.column}: ${error.message}` : `${file}: ${error.message}`;
}

/** Read and validate a model file; throws UsageError naming the command, the file and what is wrong where. */
export async function readModelFromDisk(command: string, path: string): Promise<ModelFile> {
  const text = await readWholeText(path, { maxBytes: MAX_MODEL_BYTES, what: 'model file' });
  if (!text.ok) throw new UsageError(`${command}: ${text.error.message}`);
  const result = readModelFile(text.value);
  if (!result.ok) throw new UsageError(`${command}: ${whereAndWhat(path, result.error)}`);
  return result.value;
}
