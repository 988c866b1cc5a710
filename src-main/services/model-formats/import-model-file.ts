/**
 * Importing a foreign model file from disk (Keras .h5 / .keras, TF.js model.json with its .bin shards beside it,
 * ONNX): bounded reads, then the pure readers of src-shared/formats. Used by the CLI and the app alike.
 */
import { open, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importModel } from '../../../src-shared/formats';
import type { ImportedModel } from '../../../src-shared/formats/format';
import { isTfjsModelJson, tfjsShardNames } from '../../../src-shared/formats/tfjs/read';
import { AppFailure, err, ok, type Result } from '../../../src-shared/result';
import { fileError } from '../files/plain-errors';

/** Larger than any dense network a person opens here; a larger file is refused before it is read. */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;

/** Read a whole file, refusing one over `limit` bytes (checked by size first, then by what was read). */
export async function readBounded(path: string, limit = MAX_MODEL_BYTES): Promise<Result<Uint8Array>> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return err({ kind: 'io/unreadable', message: `${path} is a folder, not a model file`, file: path });
    if (info.size > limit) return err({ kind: 'model/too-large', message: `${path} is ${info.size} bytes; Dense Lab opens model files up to ${limit} bytes`, file: path });
    const handle = await open(path, 'r');
    try {
      const bytes = new Uint8Array(info.size);
      let at = 0;
      while (at < bytes.length) {
        const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return ok(bytes.subarray(0, at));
    } finally {
      await handle.close();
    }
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
}

/** Import the model file at `path` (format found from its content, then its name). */
export async function importModelFile(path: string): Promise<Result<ImportedModel>> {
  const read = await readBounded(path);
  if (!read.ok) return read;
  const bytes = read.value;
  const name = basename(path);
  const companions = new Map<string, Uint8Array>();
  if (isTfjsModelJson(bytes)) {
    let shards: string[];
    try {
      shards = tfjsShardNames(bytes, name);
    } catch (e) {
      if (e instanceof AppFailure) return err(e.error);
      throw e;
    }
    let total = 0;
    for (const shard of shards) {
      const part = await readBounded(join(dirname(path), shard), MAX_MODEL_BYTES - total);
      if (!part.ok) return err({ kind: 'model/import', message: `${name} names the weight shard ${shard}, which cannot be read: ${part.error.message}`, file: path });
      total += part.value.length;
      companions.set(shard, part.value);
    }
  }
  const imported = importModel({ name, bytes, companions });
  return imported.ok ? imported : err({ ...imported.error, file: path });
}
