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
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(error: AppError): Result<T> => ({ ok: false, error });

/** An AppError carried through code that throws (services unwrap it back into a Result at their edge). */
export class AppFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
  }
}
