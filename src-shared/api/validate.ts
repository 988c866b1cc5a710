/**
 * Argument validators for the API: small composable functions from `unknown` to a typed Result.
 * Main runs one per method on every incoming call (Electron IPC and the browser bridge alike), so a
 * handler only ever sees arguments of its declared type. Each error names the argument by its path
 * (e.g. `args.columns[2]`), so a bad call says what was wrong and where.
 */
import { err, ok, type AppError, type Result } from '../result';
import { plural } from '../text/numbers';

/** Checks `value` found at `path` and returns it typed, or an 'api/invalid-argument' error naming `path`. */
export type Validator<T> = (value: unknown, path: string) => Result<T>;

/** A validator whose property may be absent (marks the key optional in `object`). */
export type OptionalValidator<T> = Validator<T | undefined> & { readonly optional: true };

/** The type a validator produces. */
export type Validated<V> = V extends Validator<infer T> ? T : never;

export const INVALID_ARGUMENT = 'api/invalid-argument';

/** The error every validator returns: kind 'api/invalid-argument', message naming the argument path. */
export function invalid(path: string, expectation: string, value: unknown): Result<never> {
  const error: AppError = { kind: INVALID_ARGUMENT, message: `${path} must be ${expectation} (got ${describe(value)}).`, path };
  return err(error);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** A string of minLength..maxLength characters (defaults 0..10000) without NUL characters. */
export function string(opts: { minLength?: number; maxLength?: number } = {}): Validator<string> {
  const min = opts.minLength ?? 0;
  const max = opts.maxLength ?? 10_000;
  return (value, path) => {
    if (typeof value !== 'string') return invalid(path, 'a string', value);
    if (value.length < min) return invalid(path, min === 1 ? 'a non-empty string' : `at least ${min} characters long`, value);
    if (value.length > max) return invalid(path, `at most ${max} characters long`, value);
    if (value.includes('\u0000')) return invalid(path, 'a string without NUL characters', value);
    return ok(value);
  };
}

/** A file path as the user's system spells it: non-empty, no NUL, at most 4096 characters. Main resolves it. */
export const filePath: Validator<string> = string({ minLength: 1, maxLength: 4096 });

/** An identifier handed out by main (dataset, job): 1..64 characters of [A-Za-z0-9_-]. */
export const id: Validator<string> = (value, path) => {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) return invalid(path, 'an id (1–64 letters, digits, - or _)', value);
  return ok(value);
};

/** A finite number within [min, max]. */
export function number(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? -Number.MAX_VALUE;
  const max = opts.max ?? Number.MAX_VALUE;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return invalid(path, 'a finite number', value);
    if (value < min || value > max) return invalid(path, `between ${min} and ${max}`, value);
    return ok(value);
  };
}

/** An integer within [min, max]. */
export function integer(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(path, 'an integer', value);
    if (value < min || value > max) return invalid(path, `an integer from ${min} to ${max}`, value);
    return ok(value);
  };
}

export const boolean: Validator<boolean> = (value, path) => (typeof value === 'boolean' ? ok(value) : invalid(path, 'true or false', value));

/** One of a fixed list of strings. */
export function oneOf<const T extends readonly string[]>(choices: T): Validator<T[number]> {
  return (value, path) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value)
      ? ok(value as T[number])
      : invalid(path, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
}

/** Bytes (a Uint8Array) of at most maxBytes. */
export function bytes(maxBytes: number): Validator<Uint8Array> {
  return (value, path) => {
    if (!(value instanceof Uint8Array)) return invalid(path, 'bytes (a Uint8Array)', value);
    if (value.length > maxBytes) return invalid(path, `at most ${maxBytes} bytes`, value);
    return ok(value);
  };
}

/** A plain JSON object (not an array, not null); its contents are checked by the caller's own reader. */
export const jsonObject: Validator<Record<string, unknown>> = (value, path) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? ok(value as Record<string, unknown>)
    : invalid(path, 'an object', value);

/** An array of at most maxLength items, each checked by `item`. */
export function array<T>(item: Validator<T>, opts: { minLength?: number; maxLength?: number } = {}): Validator<T[]> {
  const min = opts.minLength ?? 0;
  const max = opts.maxLength ?? 100_000;
  return (value, path) => {
    if (!Array.isArray(value)) return invalid(path, 'an array', value);
    if (value.length < min) return invalid(path, `an array of at least ${plural(min, 'item')}`, value);
    if (value.length > max) return invalid(path, `an array of at most ${plural(max, 'item')}`, value);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = item(value[i], `${path}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  };
}

/** The value may be absent (undefined); as an object property the key becomes optional. */
export function optional<T>(inner: Validator<T>): OptionalValidator<T> {
  const v: Validator<T | undefined> = (value, path) => (value === undefined ? ok(undefined) : inner(value, path));
  return Object.assign(v, { optional: true as const });
}

/** The value may be null. */
export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (value, path) => (value === null ? ok(null) : inner(value, path));
}

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The object type an `object(shape)` validator produces. */
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Validated<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Validated<S[K]>, undefined> }
>;

/** An object with exactly these properties: each checked by its validator; unknown properties are refused. */
export function object<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
      return invalid(path, 'an object', value);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) {
        return err({ kind: INVALID_ARGUMENT, message: `${path}.${key} is not an argument of this call (expected: ${keys.join(', ') || 'none'}).`, path: `${path}.${key}` });
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const r = shape[key](Object.hasOwn(record, key) ? record[key] : undefined, `${path}.${key}`);
      if (!r.ok) return r;
      if (r.value !== undefined) out[key] = r.value;
    }
    return ok(out as ObjectOf<S>);
  };
}

/** No arguments: undefined or an empty object. */
export const none: Validator<Record<string, never>> = (value, path) => {
  if (value === undefined) return ok({});
  const r = object({})(value, path);
  return r.ok ? ok({}) : r;
};

/** A further check on an already-typed value (e.g. a range that depends on two fields). */
export function refine<T>(inner: Validator<T>, check: (value: T) => string | null, path = ''): Validator<T> {
  return (value, at) => {
    const r = inner(value, at);
    if (!r.ok) return r;
    const problem = check(r.value);
    return problem === null ? r : err({ kind: INVALID_ARGUMENT, message: `${at}${path}: ${problem}`, path: `${at}${path}` });
  };
}
