/**
 * What the analysis commands (dependence, interactions, importance) share: read the model and the CSV, pick the
 * network or its baseline (--baseline), and turn any problem into one line on stderr with exit code 2.
 */
import type { Dataset } from '../../src-shared/data/dataset';
import { baselineModel } from '../../src-shared/analysis/baseline-model';
import { modelResponse, responseClass, type ModelResponse } from '../../src-shared/analysis/response';
import type { ModelFile } from '../../src-shared/model-file/types';
import type { Result } from '../../src-shared/result';
import { loadDataset } from '../services/datasets';
import { UsageError, type CliIo } from './command';
import { HEADER_FLAG, headerOption, parseHeaderFlag } from './header-flag';
import { readModelFromDisk } from './read-model';

/** Flags every analysis command takes. */
export const ANALYSIS_FLAGS = {
  model: { type: 'string' },
  data: { type: 'string' },
  seed: { type: 'string' },
  sample: { type: 'string' },
  baseline: { type: 'boolean' },
  json: { type: 'boolean' },
  ...HEADER_FLAG,
} as const;

export interface AnalysisInput {
  readonly model: ModelFile;
  readonly dataset: Dataset;
  readonly response: ModelResponse;
}

/** dependence and interactions: `--class NAME`, a multiclass model's class whose probability is analysed (default the first). */
export const CLASS_FLAG = { class: { type: 'string' } } as const;

/** A whole number flag in [min, max], or `fallback` when absent; a UsageError naming the flag otherwise. */
export function wholeFlag(command: string, flag: string, value: string | undefined, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${command}: --${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got '${value}'`);
  }
  return n;
}

/** A failed analysis result as a UsageError (bad input: unknown column, categorical X, …). */
export function unwrap<T>(command: string, result: Result<T>): T {
  if (result.ok) return result.value;
  throw new UsageError(`${command}: ${result.error.message.replace(/\s*\n\s*/g, ' ')}`);
}

/** Read --model and --data, choose the network or (--baseline) its linear fit, and build its response. */
export async function readAnalysisInput(command: string, values: { model?: string; data?: string; header?: string; baseline?: boolean; class?: string }, io: CliIo): Promise<AnalysisInput> {
  if (!values.model) throw new UsageError(`${command}: missing --model`);
  if (!values.data) throw new UsageError(`${command}: missing --data`);
  const header = parseHeaderFlag(command, values.header);
  const network = await readModelFromDisk(command, values.model);
  const loaded = await loadDataset(values.data, headerOption(header));
  if (!loaded.ok) throw new UsageError(`${command}: ${values.data}: ${loaded.error.message.replace(/\s*\n\s*/g, ' ')}`);
  const dataset = loaded.value;
  // check the network's inputs against the file first, so a missing column is reported as such even with --baseline
  const classIndex = unwrap(command, responseClass(network.output, values.class));
  const networkResponse = unwrap(command, modelResponse(network, dataset.columns, classIndex));
  if (!values.baseline) return { model: network, dataset, response: networkResponse };
  const base = unwrap(command, baselineModel(network, dataset));
  io.stderr.write(`${command}: ${base.note}\n`);
  return { model: base.model, dataset, response: unwrap(command, modelResponse(base.model, dataset.columns, classIndex)) };
}
