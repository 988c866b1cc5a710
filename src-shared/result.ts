/** Errors as values: every service and the API answer with a Result, never a thrown stack trace. */

export interface AppError {
  /** What kind of problem, for code to branch on (e.g. 'csv/ragged-row', 'model/invalid', 'io/unwritable'). */
  readonly kind: string;
  /** A sentence for a person: what is wrong and what to do. */
  readonly message: string;
  /** Where it happened, when known. */
  readonly file?: string;
  /** 1-based line of a file. */
  readonly line?: number;
  /** A column name or 1-based column number. */
  readonly column?: string | number;
  /** A JSON path such as `layers[1].kernel`. */
  readonly path?: string;
  /** Technical detail for the "Details" disclosure (e.g. `ENOENT, open '/data/x.csv'`), never the message itself. */
  readonly detail?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** The technical detail of a thrown error for AppError.detail: a Node error's code · syscall · path, else its message. */
export function errorDetail(e: unknown): string {
  const x = e as { code?: unknown; syscall?: unknown; path?: unknown; dest?: unknown } | null | undefined;
  const parts = [x?.code, x?.syscall, x?.path, typeof x?.dest === 'string' ? `→ ${x.dest}` : undefined].filter((p): p is string => typeof p === 'string' && p !== '');
  if (parts.length > 0) return parts.join(' · ');
  return e instanceof Error ? e.message : String(e);
}
export const err = <T = never>(error: AppError): Result<T> => ({ ok: false, error });

/** An AppError carried through code that throws (services unwrap it back into a Result at their edge). */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
}
