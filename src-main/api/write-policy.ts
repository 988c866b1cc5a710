/**
 * Where the API may write files it is given a path for (saveModel, exportPredictions, any later export).
 *
 * - Electron: anywhere. The path comes from the native save dialog the person answered, and main trusts
 *   only its own dialog's answer for that (the renderer cannot write without the person choosing).
 * - Browser mode: nowhere by default. The browser UI downloads its files, so a path-based write can only come
 *   from a script holding the token; refusing it keeps such a caller from replacing `~/.bashrc` with a CSV.
 * - Browser mode with `--write-dir DIR`: only inside DIR (after resolving symbolic links, so a link inside
 *   DIR cannot lead out), and never into a hidden file or folder (a name starting with '.'), as Jupyter
 *   confines its contents API to its root and refuses hidden files.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { API_ERRORS } from '../../src-shared/api';
import { err, ok, type Result } from '../../src-shared/result';

export type WritePolicy =
  | { readonly kind: 'anywhere' }
  | { readonly kind: 'nowhere' }
  | { readonly kind: 'inside'; readonly folder: string };

export const WRITE_ANYWHERE: WritePolicy = { kind: 'anywhere' };
export const WRITE_NOWHERE: WritePolicy = { kind: 'nowhere' };

/** The real path of `path`, or of its nearest existing ancestor joined with the rest (a new file's folder may not exist yet). */
async function realPathOfNearest(path: string): Promise<string> {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      return resolve(await realpath(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return path;
      rest.push(basename(at));
      at = parent;
    }
  }
}

const outside = (message: string): Result<never> => err({ kind: API_ERRORS.forbiddenPath, message, path: 'args.path' });

/**
 * The absolute path to write, or why it may not be written under `policy`. In a folder policy a relative
 * path is taken relative to the folder.
 */
export async function checkWritePath(policy: WritePolicy, requested: string): Promise<Result<string>> {
  if (policy.kind === 'anywhere') return ok(resolve(requested));
  if (policy.kind === 'nowhere') {
    return err({
      kind: API_ERRORS.notAvailable,
      message: 'Writing to a path is not available in browser mode: the file is downloaded instead. To allow writes into one folder, start it with `npm run web -- --write-dir FOLDER`.',
      path: 'args.path',
    });
  }
  const root = await realPathOfNearest(resolve(policy.folder));
  const target = isAbsolute(requested) ? resolve(requested) : resolve(policy.folder, requested);
  const real = await realPathOfNearest(target);
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return outside(`Dense Lab writes only inside ${root} in this session (--write-dir); choose a file in that folder.`);
  }
  if (inside.split(sep).some((part) => part.startsWith('.'))) {
    return outside('Dense Lab does not write hidden files or into hidden folders (a name starting with "."); choose another name.');
  }
  // The target itself may not be a symbolic link (written through, it would replace the file it points to).
  try {
    if ((await lstat(target)).isSymbolicLink()) return outside(`${basename(target)} is a symbolic link; choose a plain file name.`);
  } catch {
    // does not exist yet: fine
  }
  return ok(real);
}
