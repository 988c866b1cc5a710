/**
 * Errors from the file system and from worker threads, as sentences for a person: "The file … no longer exists",
 * "The disk is full while writing …", "Dense Lab may not write to …". Never a raw code such as ENOENT in the
 * message: the code, the system call and the path go into `detail`, which the problems list shows behind
 * "Details". Every service that touches files maps its errors here (worker threads: workers/worker-files.ts).
 */
import { dirname } from 'node:path';
import { errorDetail, type AppError } from '../../../src-shared/result';

/** What was being done to the file. */
export type FileAction = 'read' | 'write' | 'delete' | 'move' | 'list';

const VERB: Record<FileAction, string> = { read: 'read', write: 'write', delete: 'delete', move: 'move', list: 'list the files of' };

/** Kind for code to branch on: writes keep the atomic writer's kinds; other actions are io/unreadable etc. */
function kindOf(code: string | undefined, action: FileAction): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'io/disk-full';
  if (action !== 'write') return action === 'read' || action === 'list' ? 'io/unreadable' : `io/${action}-failed`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'io/unwritable';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'io/no-folder';
    case 'EISDIR':
      return 'io/is-directory';
    default:
      return 'io/write-failed';
  }
}

/** The sentence for `code` when `action` on `file` failed. */
function sentence(code: string | undefined, action: FileAction, file: string): string {
  const folder = dirname(file);
  const writing = action === 'write';
  switch (code) {
    case 'ENOENT':
      return writing
        ? `The folder ${folder} does not exist, so ${file} cannot be written.`
        : `The file ${file} no longer exists (or never did): it may have been moved, renamed or deleted.`;
    case 'ENOTDIR':
      return `Part of the path ${file} is a file, not a folder.`;
    case 'EACCES':
    case 'EPERM':
      return writing || action === 'delete' || action === 'move'
        ? `Dense Lab may not write to ${folder} (permission denied), so ${file} was not ${writing ? 'written' : action === 'delete' ? 'deleted' : 'moved'}.`
        : `Dense Lab may not read ${file} (permission denied).`;
    case 'EROFS':
      return `Dense Lab may not write to ${folder}: it is on a read-only disk.`;
    case 'ENOSPC':
      return `The disk is full while writing ${file}; nothing was written. Free some space and try again.`;
    case 'EDQUOT':
      return `Your disk quota is used up while writing ${file}; nothing was written.`;
    case 'EISDIR':
      return `${file} is a folder, not a file.`;
    case 'EMFILE':
    case 'ENFILE':
      return `Too many files are open to ${VERB[action]} ${file}; close some programs and try again.`;
    case 'EBUSY':
    case 'ETXTBSY':
      return `${file} is in use by another program; close it there and try again.`;
    case 'EEXIST':
      return `${file} already exists.`;
    case 'ENAMETOOLONG':
      return `The path ${file} is too long for the file system.`;
    case 'ELOOP':
      return `The path ${file} loops through symbolic links.`;
    case 'EIO':
      return `The disk reported an error while Dense Lab tried to ${VERB[action]} ${file}.`;
    default:
      return `Dense Lab could not ${VERB[action]} ${file}.`;
  }
}

/** A file-system error as an AppError: a sentence naming the file, the technical detail apart. */
export function fileError(e: unknown, action: FileAction, file: string): AppError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return { kind: kindOf(code, action), message: sentence(code, action, file), file, detail: errorDetail(e) };
}
