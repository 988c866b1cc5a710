/**
 * Loading a CSV from a stream of byte chunks: sniff the start, then stream every chunk through the
 * tokenizer into the dataset builder. Pure: the caller supplies the chunks (a file stream in main,
 * a byte array in tests and uploads), so every source shares one reading path.
 */
import { AppFailure, err, ok, type Result } from '../../result';
import type { Dataset } from '../dataset';
import { DatasetBuilder } from './dataset-builder';
import type { BuilderOptions } from './segment-builder';
import { InputDecoder } from './records';
import { sniff, type Sniffed } from './sniff';
import { CsvTokenizer } from './tokenizer';
import type { CsvKernels } from './csv-kernels';

export interface LoadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** What cancels a load: an AbortSignal fits. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface LoadOptions {
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: CancelSignal;
  /** Whether the first row is a header, when the user says so; omitted, it is detected (see sniff). */
  readonly header?: boolean;
  /** The file's encoding, when the user says so (a WHATWG label: `shift_jis`, `gbk`, `windows-1251` …); omitted, it is detected. */
  readonly encoding?: string;
  /** Columns that keep the text of numbers from the first row on, besides those with text in the sniffed sample. */
  readonly textColumns?: readonly number[];
  /**
   * The file's chunks again, from its first byte: when a column turned out text after numbers whose text it did not
   * keep (Dataset.numberTextsLost), the file is read once more keeping them. Without it, a warning says so.
   */
  readonly reread?: () => AsyncIterable<Uint8Array>;
  /** The native kernels (csv-kernels.ts: the addon's), when the caller has them: the same result, sooner. */
  readonly kernels?: CsvKernels;
}

/** The error a cancelled load ends with. */
export const CANCELLED = { kind: 'cancelled', message: 'loading was cancelled' } as const;

/** How to build the dataset of a sniffed file of `totalBytes` bytes (the same for every way of reading it). */
export function builderOptions(s: Sniffed, totalBytes: number, textColumns: readonly number[] = [], kernels?: CsvKernels): BuilderOptions {
  const keep = [...new Set([...(s.textColumns ?? []), ...textColumns])].sort((a, b) => a - b);
  return {
    names: s.names,
    header: s.header,
    decimal: s.decimal,
    delimiter: s.delimiter,
    // UTF-16 is transcoded to UTF-8 before tokenizing (InputDecoder).
    tokenEncoding: s.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8',
    encoding: s.encoding,
    warnings: s.warnings,
    skipRecords: s.skipRecords,
    textColumns: keep,
    ...(s.numberFormats ? { numberFormats: s.numberFormats } : {}),
    // Generous: pages of the buffers that are never written cost no memory.
    expectedRows: (totalBytes / s.bytesPerRecord) * 1.25 + 16,
    ...(kernels ? { kernels } : {}),
  };
}

/**
 * Load a dataset. `sample` is the start of the file (up to SNIFF_BYTES; all of it for small files),
 * `totalBytes` the file size, `chunks` yields the whole file from its first byte.
 */
export async function loadFromChunks(
  sample: Uint8Array,
  totalBytes: number,
  chunks: AsyncIterable<Uint8Array>,
  options: LoadOptions = {},
): Promise<Result<Dataset>> {
  const sniffed = sniff(sample, sample.length < totalBytes, options.header, options.encoding);
  if (!sniffed.ok) return sniffed;
  const s = sniffed.value;
  const first = await readAll(s, totalBytes, chunks, options);
  if (!first.ok || first.value.numberTextsLost === undefined || options.reread === undefined) return first;
  // Numbers read before their column's first text: read again keeping their text from the start.
  const textColumns = [...(options.textColumns ?? []), ...first.value.numberTextsLost];
  return await readAll(s, totalBytes, options.reread(), { ...options, textColumns, reread: undefined });
}

/** One pass over the chunks of a sniffed file. */
async function readAll(s: Sniffed, totalBytes: number, chunks: AsyncIterable<Uint8Array>, options: LoadOptions): Promise<Result<Dataset>> {
  const input = new InputDecoder(s.encoding);
  let bytesRead = 0;
  try {
    const builder = new DatasetBuilder(builderOptions(s, totalBytes, options.textColumns, options.kernels));
    const tokenizer = new CsvTokenizer(s.delimiter, builder);
    for await (const chunk of chunks) {
      if (options.signal?.aborted) return err(CANCELLED);
      tokenizer.feed(input.push(chunk));
      bytesRead += chunk.length;
      options.onProgress?.({ bytesRead, totalBytes });
    }
    if (options.signal?.aborted) return err(CANCELLED);
    const rest = input.finish();
    if (rest.length > 0) tokenizer.feed(rest);
    tokenizer.finish();
    return ok(builder.finish());
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
}
