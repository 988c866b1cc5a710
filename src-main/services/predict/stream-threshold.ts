/**
 * The size from which a file is streamed rather than loaded whole: STREAM_MIN_BYTES (what `dense-lab predict` uses)
 * unless the app is started with DENSE_LAB_STREAM_MIN_BYTES or `npm run web -- --stream-min-bytes N` (tests use a
 * tiny one on a file of a few MB). At or above it, the app opens a dataset's first rows only and exports its
 * predictions through predict-stream.ts.
 */
import { err, ok, type Result } from '../../../src-shared/result';
import { STREAM_MIN_BYTES } from './predict-stream';

export const STREAM_MIN_BYTES_ENV = 'DENSE_LAB_STREAM_MIN_BYTES';

/** `text` as a threshold in bytes (a whole number ≥ 1), or one sentence naming `where` it came from. */
export function parseStreamMinBytes(text: string, where: string): Result<number> {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    return err({ kind: 'api/invalid-argument', message: `${where} must be a whole number of bytes of at least 1 (got '${text}').` });
  }
  return ok(value);
}

/** The threshold from the environment (STREAM_MIN_BYTES when the variable is not set). */
export function streamMinBytesFromEnv(env: NodeJS.ProcessEnv = process.env): Result<number> {
  const text = env[STREAM_MIN_BYTES_ENV];
  return text === undefined || text === '' ? ok(STREAM_MIN_BYTES) : parseStreamMinBytes(text, STREAM_MIN_BYTES_ENV);
}
