/** Reading a model file from disk for the CLI: any problem becomes a one-line UsageError (exit 2). */
import { readFile } from 'node:fs/promises';
import { readModelFile } from '../../src-shared/model-file/read';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { AppError } from '../../src-shared/result';
import { UsageError } from './command';

/** A short reason for a failed file system call: "no such file", "permission denied", … */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `file:line:column: message` or `file: message`, for one-line error output. */
export function whereAndWhat(file: string, error: AppError): string {
  return error.line !== undefined ? `${file}:${error.line}:${error.column}: ${error.message}` : `${file}: ${error.message}`;
}

/** Read and validate a model file; throws UsageError naming the command, the file and what is wrong where. */
export async function readModelFromDisk(command: string, path: string): Promise<ModelFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${command}: cannot read model ${path}: ${fsReason(error)}`);
  }
  const result = readModelFile(text);
  if (!result.ok) throw new UsageError(`${command}: ${whereAndWhat(path, result.error)}`);
  return result.value;
}
