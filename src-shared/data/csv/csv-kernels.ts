/**
 * The loader's bulk path for plain numeric records: a function (the native addon's csvNumericRows,
 * native/src/csv-binding.cpp) that reads whole one-line records of `cols` fields, each a cell that
 * NumberParser.scanSimple reads (`[-]digits[.digits]`, mantissa below 2^53, at most 22 decimals), ended by
 * the delimiter and, after the last, `\n` or `\r\n`. Each value is mant / 10^decimals, one correctly rounded
 * division as in scanSimple, so the cells are bit for bit those of the tokenizer's own path. Where the addon's
 * C++ library has a correctly rounded std::from_chars it also reads fields of up to 64 bytes
 * `[-]digits[.digits][(e|E)[+|-]digits]` with any number of digits (what pandas writes: `0.30000000000000004`,
 * `1e-05`) as the correctly rounded double, which is what NumberParser.parse gives them. It stops before
 * the first record that is anything else, and the tokenizer reads that one as usual (tokenizer.ts,
 * FieldSink.bulkRows). Without it (no native build) the tokenizer reads everything itself, with the same result.
 *
 * Pure: the function is injected by the caller (src-main loads the addon).
 */

/**
 * Reads records from bytes[start, end) into vals/kinds at pos (kinds 0 = CELL_NUMBER), at most maxRows;
 * returns how many, with out[0] = the index of the first byte not read.
 */
export type NumericRowScanner = (
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  point: number,
  cols: number,
  vals: Float64Array,
  kinds: Uint8Array,
  pos: number,
  maxRows: number,
  out: Float64Array,
) => number;

/**
 * One block's statistics (column-stats.ts blockPartial) with convert()'s last step: every cell whose kind is not
 * 0 becomes missing (flag 1, value NaN); then per column with which[c] = 1 its missing count, with which[c] = 2
 * also n, mean, M2, min and max (written only when n > 0), summed in row order as blockPartial sums them.
 */
export type BlockStatsKernel = (
  values: Float64Array,
  missing: Uint8Array,
  cells: number,
  cols: number,
  which: Uint8Array,
  absent: Float64Array,
  n: Float64Array,
  mean: Float64Array,
  m2: Float64Array,
  min: Float64Array,
  max: Float64Array,
) => void;

/** histogramCounts (column-stats.ts) into one array: column c's bins start at Σ bins[0..c). */
export type HistogramKernel = (
  values: Float64Array,
  missing: Uint8Array,
  fromRow: number,
  toRow: number,
  cols: number,
  bins: Int32Array,
  lo: Float64Array,
  scale: Float64Array,
  counts: Float64Array,
) => void;

/** The loader's native kernels, each optional: without one, the JavaScript path gives the same result. */
export interface CsvKernels {
  readonly numericRows?: NumericRowScanner;
  readonly blockStats?: BlockStatsKernel;
  readonly histogram?: HistogramKernel;
}
