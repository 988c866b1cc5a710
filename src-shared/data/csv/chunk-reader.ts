/**
 * Reading one byte range of a CSV file (a chunk: whole records, starting just after a line end) into
 * its region of the dataset's shared buffers, for the parallel loader: each worker thread reads its own
 * chunk with a ChunkReader, and the main thread joins the results with finishSegments (join-segments.ts).
 *
 * A chunk's start is found by looking for a `\n` after a byte offset, without knowing whether that `\n`
 * sits inside a quoted field: the start is a guess. The previous chunk checks it: if that chunk's
 * tokenizer is between records at its end (atRecordStart), the guess was right, since the previous
 * chunk itself began at a record start. Lines here count from the chunk's first line (1), unless the
 * job says otherwise; finishSegments makes them absolute.
 *
 * Also the messages between the main thread and a CSV worker (src-main/workers/csv-worker.ts).
 */
import { AppFailure, type AppError } from '../../result';
import { SegmentBuilder, type SegmentOptions, type SegmentRegion, type SegmentResult } from './segment-builder';
import type { ColumnPlan } from './column-plan';
import type { BlockPartial, HistogramPlan, StatsShape } from '../column-stats';
import { InputDecoder } from './records';
import type { TextEncodingName } from './text';
import { CsvTokenizer } from './tokenizer';
import type { NumericRowScanner } from './csv-kernels';

/** What a reader needs to know about its chunk. */
export interface ChunkJob {
  readonly delimiter: string;
  readonly segment: SegmentOptions;
  readonly region: SegmentRegion;
  /** The file's encoding when the chunk starts the file (a byte-order mark is skipped), else null (bytes as they are). */
  readonly fileStart: TextEncodingName | null;
  /** The chunk ends the file: an open quote at its end is an error, a last record without a line end is read. */
  readonly last: boolean;
  /** Line number of the chunk's first line (1: lines counted from the chunk's start). */
  readonly firstLine: number;
}

/** How reading a chunk ended. */
export type ChunkOutcome =
  /** Read to its end. `atRecordStart` false: the chunk ended inside a record, so the next chunk's start was wrong. */
  | { readonly ok: true; readonly segment: SegmentResult; readonly atRecordStart: boolean }
  /** Stopped at an error of the file (lines counted as the job says). */
  | { readonly ok: false; readonly error: AppError }
  /** Stopped at something that is not the file's fault (a bug): the caller reads the file another way. */
  | { readonly ok: false; readonly internal: string };

/** Reads one chunk fed in pieces (see the file comment). */
export class ChunkReader {
  private readonly builder: SegmentBuilder;
  private readonly tokenizer: CsvTokenizer;
  private readonly input: InputDecoder | null;
  private failed: ChunkOutcome | null = null;

  /** `scan`: the bulk path for plain numeric records (csv-kernels.ts), when the caller has it. */
  constructor(
    private readonly job: ChunkJob,
    scan?: NumericRowScanner,
  ) {
    this.builder = new SegmentBuilder(job.segment, job.region, scan ? { scan, delimiter: job.delimiter } : undefined);
    this.tokenizer = new CsvTokenizer(job.delimiter, this.builder, job.firstLine);
    this.input = job.fileStart === null ? null : new InputDecoder(job.fileStart);
  }

  /** Read the next piece of the chunk (after an error, pieces are ignored). */
  feed(bytes: Uint8Array): void {
    if (this.failed) return;
    try {
      this.tokenizer.feed(this.input ? this.input.push(bytes) : bytes);
    } catch (e) {
      this.failed = failure(e);
    }
  }

  /** The chunk has been fed whole: how reading it ended. */
  end(): ChunkOutcome {
    if (this.failed) return this.failed;
    try {
      if (this.input) {
        const rest = this.input.finish();
        if (rest.length > 0) this.tokenizer.feed(rest);
      }
      const atRecordStart = this.tokenizer.atRecordStart;
      if (this.job.last) this.tokenizer.finish();
      const lines = this.tokenizer.currentLine - this.job.firstLine;
      return { ok: true, segment: this.builder.result(lines), atRecordStart };
    } catch (e) {
      return failure(e);
    }
  }
}

function failure(e: unknown): ChunkOutcome {
  if (e instanceof AppFailure) return { ok: false, error: e.error };
  return { ok: false, internal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** Main thread → CSV worker. */
export type ToCsvWorker =
  | { readonly type: 'start'; readonly job: ChunkJob }
  /** Convert and measure cells [from, to) of the joined matrix (finishBlocks in column-plan.ts). */
  | {
      readonly type: 'finish-blocks';
      readonly values: Float64Array;
      readonly missing: Uint8Array;
      readonly cols: number;
      readonly plans: readonly ColumnPlan[];
      readonly shape: StatsShape;
      readonly from: number;
      readonly to: number;
    }
  /** Histogram counts of rows [fromRow, toRow) of the finished matrix. */
  | {
      readonly type: 'histogram';
      readonly plan: HistogramPlan;
      readonly values: Float64Array;
      readonly missing: Uint8Array;
      readonly fromRow: number;
      readonly toRow: number;
    }
  /** The next bytes of the chunk: bytes[0, length) (a view of a shared buffer, reused once consumed). */
  | { readonly type: 'bytes'; readonly slot: number; readonly bytes: Uint8Array; readonly length: number }
  | { readonly type: 'end' };

/** CSV worker → main thread. */
export type FromCsvWorker =
  /** The bytes of `slot` have been read: the buffer may be refilled. */
  | { readonly type: 'consumed'; readonly slot: number }
  | { readonly type: 'done'; readonly outcome: ChunkOutcome }
  | { readonly type: 'blocks'; readonly partials: BlockPartial[] }
  | { readonly type: 'counts'; readonly counts: (Float64Array | null)[] };
