/** The edge of every format reader: a refusal (AppFailure) becomes an error value; nothing else escapes as a stack trace. */
import { AppFailure, err, type Result } from '../result';

export function caught<T>(f: () => Result<T>): Result<T> {
  try {
    return f();
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    const message = e instanceof Error ? e.message : String(e);
    return err({ kind: 'model/import', message: `the file could not be read: it is damaged or not what its name says (${message.split('\n')[0]})` });
  }
}
