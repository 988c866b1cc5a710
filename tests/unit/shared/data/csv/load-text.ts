// Loading a CSV given as text (or bytes) in small chunks, for the loader's tests.
import { loadFromChunks, type LoadOptions } from '../../../../../src-shared/data/csv/load';
import type { Dataset } from '../../../../../src-shared/data/dataset';
import type { Result } from '../../../../../src-shared/result';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Load `text` (a string is UTF-8) fed in 7-byte chunks, so that anything may straddle a chunk end. */
export async function readText(text: string | Uint8Array, options: Omit<LoadOptions, 'reread'> = {}): Promise<Result<Dataset>> {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  const chunks = async function* () {
    for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
  };
  return await loadFromChunks(bytes, bytes.length, chunks(), { ...options, reread: chunks });
}

/** readText, throwing the error's message when the file is refused. */
export async function loadText(text: string | Uint8Array, options: Omit<LoadOptions, 'reread'> = {}): Promise<Dataset> {
  const r = await readText(text, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
