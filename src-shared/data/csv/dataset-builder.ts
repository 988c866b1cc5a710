/**
 * The single-threaded loader's sink: the whole file read as one segment (segment-builder.ts), then joined and
 * finished by the same code as the parallel loader's segments (join-segments.ts), so both ways agree.
 */
import type { Dataset } from '../dataset';
import { allocateCells, MAX_CELLS, tooLarge } from './load-cells';
import { segmentOptions, SegmentBuilder, type BuilderOptions } from './segment-builder';
import { finishSegments } from './join-segments';

/**
 * The single-threaded loader's sink: the whole file as one segment, in buffers sized from
 * options.expectedRows, finished in place.
 */
export class DatasetBuilder extends SegmentBuilder {
  constructor(private readonly builderOptions: BuilderOptions) {
    const cols = builderOptions.names.length;
    let rows = Math.max(16, Math.min(Math.ceil(builderOptions.expectedRows ?? 1024), Math.floor(MAX_CELLS / cols)));
    let buffers = allocateCells(rows * cols);
    // An estimate too big to reserve: start smaller and grow when needed.
    while (buffers === null && rows > 16) {
      rows = Math.max(16, Math.floor(rows / 4));
      buffers = allocateCells(rows * cols);
    }
    if (buffers === null) throw tooLarge(rows * cols);
    super(segmentOptions(builderOptions), { vals: buffers[0], kinds: buffers[1], offset: 0, capacity: rows * cols }, builderOptions.kernels?.numericRows ? { scan: builderOptions.kernels.numericRows, delimiter: builderOptions.delimiter } : undefined);
  }

  /**
   * Type the columns and write the final matrix. Throws AppFailure 'csv/no-rows' when there are no data rows.
   * The builder must not be used afterwards.
   */
  finish(): Dataset {
    return finishSegments(this.builderOptions, [this.result(0)]);
  }
}
