/**
 * The loader's warnings for a file the streaming predict reads (predict-stream.ts), by the loader's own code: its
 * SegmentBuilder reads every record beside the stream's encoder (which hands it each field, or, for plain numeric
 * records the encoder read in bulk, only their count: ShadowBuilder.plainRows, since a plain number gives no
 * warning and the loader counts numbers as rows − missing − text), keeping what the
 * loader keeps about the columns (missing, text and error cells with their first lines, notes of short rows,
 * non-finite values, bad UTF-8), while the cells it stores are dropped batch by batch (SegmentBuilder.recycle);
 * at the end readWarnings and fileWarnings (join-segments.ts, column-plan.ts) word them as a load does, in file
 * order. The in-memory path reads a file again when a column turns text after numbers whose text it did not
 * keep, and then has no warning about those numbers: neither has this.
 *
 * Memory: one batch of cells, and the distinct texts of text cells (as the loader).
 */
import type { LoadWarning } from '../../../src-shared/data/dataset';
import { builderOptions } from '../../../src-shared/data/csv/load';
import { allocateCells } from '../../../src-shared/data/csv/load-cells';
import { readWarnings } from '../../../src-shared/data/csv/join-segments';
import { fileWarnings, inFileOrder } from '../../../src-shared/data/csv/column-plan';
import { SegmentBuilder, segmentOptions, type BuilderOptions } from '../../../src-shared/data/csv/segment-builder';
import type { Sniffed } from '../../../src-shared/data/csv/sniff';
import type { ShadowSink } from '../../../src-shared/data/csv/stream-encoder';
import type { Compression } from '../datasets/compressed';
import { wideWarnings } from '../datasets/load-dataset';

/** The loader's reader, told of plain numeric records the encoder read in bulk (StreamEncoder.shadow). */
class ShadowBuilder extends SegmentBuilder implements ShadowSink {
  /** `rows` plain numeric records from line `line` on: counted as SegmentBuilder's own bulk reader counts them, not stored. */
  plainRows(rows: number, line: number): void {
    if (this.rows === 0) this.firstDataLine = line;
    this.rows += rows;
  }

  /** As SegmentBuilder's bulk reader: at a record start past the skipped records, no column keeping texts or with a format of its own. */
  get plainRowsWelcome(): boolean {
    return this.skipRecords === 0 && this.col === 0 && this.keepText.every((k) => k === 0);
  }
}

export class StreamWarnings {
  private readonly options: BuilderOptions;
  private readonly builder: ShadowBuilder;

  /** `s`: the file as sniffed; `batchBytes`: bytes of the file a batch holds (the cells kept are about one batch's). */
  constructor(
    s: Sniffed,
    batchBytes: number,
    private readonly compression: Compression | null,
  ) {
    this.options = builderOptions(s, batchBytes);
    const cols = Math.max(1, s.names.length);
    const rows = Math.max(16, Math.ceil((batchBytes / Math.max(1, s.bytesPerRecord)) * 1.25) + 16);
    const [vals, kinds] = allocateCells(rows * cols) ?? allocateCells(16 * cols) ?? [new Float64Array(16 * cols), new Uint8Array(16 * cols)];
    this.builder = new ShadowBuilder(segmentOptions(this.options), { vals, kinds, offset: 0, capacity: vals.length });
  }

  /** The loader's reader of the records: the stream's encoder hands it every field and record end, or counts of plain numeric records (StreamEncoder.shadow). */
  get reader(): ShadowSink {
    return this.builder;
  }

  /** Between batches: the cells stored so far are no longer needed. */
  recycle(): void {
    this.builder.recycle();
  }

  /** The load's warnings, once every record was read. */
  warnings(): LoadWarning[] {
    const segment = this.builder.result(0);
    const { warnings, shortRows } = readWarnings(this.options, [segment], [0]);
    // As after the in-memory path's second reading, which keeps the texts of numbers from the start.
    const columns = segment.columns.map((c) => ({ ...c, unkeptNumbers: 0 }));
    fileWarnings(this.options.names, segment.rows, columns, warnings, shortRows);
    inFileOrder(warnings);
    // A compressed file is loaded from its bytes, where the in-memory path adds no width warning.
    return this.compression === null ? [...warnings, ...wideWarnings(this.options.names.length)] : warnings;
  }
}
