/**
 * The one place that knows where a worker's code is. In the built app every worker is bundled flat to
 * out/main/<name>.js beside this code (electron.config.ts). Running from source (vitest), that .js does
 * not exist and Node 20 cannot start a .ts worker directly, so the worker is started from a small eval
 * script that registers tsx's ESM loader and then imports src-main/workers/<name>.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { errorDetail, type AppError } from '../../src-shared/result';

export type WorkerName = 'forward-worker' | 'train-worker' | 'csv-worker' | 'export-worker' | 'analysis-worker';

/** Where a worker's code is: a built .js file, or a TypeScript source to run through tsx. */
export type WorkerSource = { readonly kind: 'built'; readonly file: string } | { readonly kind: 'source'; readonly file: string };

/** Find worker `name`: `<name>.js` beside this module (built), else `<name>.ts` beside it (source). */
export function locateWorker(name: WorkerName, here: string = dirname(fileURLToPath(import.meta.url))): WorkerSource {
  const built = join(here, `${name}.js`);
  if (existsSync(built)) return { kind: 'built', file: built };
  const source = join(here, `${name}.ts`);
  if (existsSync(source)) return { kind: 'source', file: source };
  throw new Error(`worker '${name}' not found: neither ${built} nor ${source} exists`);
}

/** tsx's ESM API entry as a file URL, read from its package.json exports (the `import` condition). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * A worker's heap limit (MB) unless its starter says otherwise: half of this thread's. With a limit set,
 * a worker that runs out of memory is stopped alone (its 'error' event has code ERR_WORKER_OUT_OF_MEMORY);
 * without one, V8's out-of-memory handler ends the whole process (the Electron main process, the
 * browser-mode server, the CLI). Datasets sit in SharedArrayBuffers, outside every heap.
 */
export function defaultWorkerHeapMb(): number {
  return Math.max(256, Math.floor(getHeapStatistics().heap_size_limit / (1 << 20) / 2));
}

/** A sentence for a worker that failed: out of memory (with its limit), or the error's own message. */
export function workerFailureMessage(what: string, error: Error, heapMb: number = defaultWorkerHeapMb()): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `The ${what} ran out of memory (its limit is ${heapMb} MB) and was stopped; the job failed, everything else goes on. Try fewer rows or a smaller network.`;
  }
  return `The ${what} stopped unexpectedly; the job failed, everything else goes on. Try again; if it happens again, see Details.`;
}

/**
 * A worker that could not start or that died, as an AppError of `kind`: a sentence about `what` ("training worker"),
 * the thrown error's message as its detail (shown behind "Details", never as the message).
 */
export function workerError(kind: string, what: string, e: unknown, started = true): AppError {
  const error = e instanceof Error ? e : new Error(String(e));
  const message = started ? workerFailureMessage(what, error) : `The ${what} could not be started. Try again; if it happens again, see Details.`;
  return { kind, message, detail: errorDetail(e) };
}

/** Start worker `name` from wherever its code is (see locateWorker), with a heap limit (defaultWorkerHeapMb). */
export function startWorker(name: WorkerName, given: WorkerOptions = {}): Worker {
  const where = locateWorker(name);
  const options: WorkerOptions = { ...given, resourceLimits: { maxOldGenerationSizeMb: defaultWorkerHeapMb(), ...given.resourceLimits } };
  if (where.kind === 'built') return new Worker(where.file, options);
  const code =
    `import(${JSON.stringify(tsxEsmApiUrl())})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(where.file).href)}); })` +
    `.catch((e) => { setTimeout(() => { throw e; }); });`;
  return new Worker(code, { ...options, eval: true });
}
