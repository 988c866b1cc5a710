/**
 * A loaded dataset: numbers in shared memory plus column metadata. The matrix is row-major,
 * rows × columns, over a SharedArrayBuffer so worker threads read it without copying.
 * Every column has one numeric cell per row:
 *   numeric      the value itself
 *   categorical  the index of the value in `categories` (0-based)
 *   date         milliseconds since 1970-01-01T00:00:00Z
 *   text         the index of the value in `categories` (the distinct texts, in first-seen order)
 *   empty        NaN
 * A missing cell has missing[row * cols + col] === 1 and value NaN: missing is never 0.
 */

export type ColumnType = 'numeric' | 'categorical' | 'date' | 'text' | 'empty';

export interface Histogram {
  /** Bin edges, bins + 1 of them. */
  readonly edges: number[];
  readonly counts: number[];
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  readonly missing: number;
  /** Over present values (numeric and date columns); null where there are none. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly std: number | null;
  /** Distinct values for categorical and text columns, in the order their codes use. */
  readonly categories?: string[];
  /** Counts per category (same order as categories), for categorical columns. */
  readonly categoryCounts?: number[];
  readonly histogram?: Histogram;
}

export interface LoadWarning {
  /** 1-based line of the file. */
  readonly line?: number;
  readonly column?: string;
  readonly message: string;
  /**
   * What the warning is about, where the app treats it apart: 'header-guess' = the loader was in doubt whether line 1
   * is a header (the app offers the other reading); 'note' = how the file was read, nothing marked missing (a line
   * above the table skipped, a column's number format, the encoding detected).
   */
  readonly kind?: 'header-guess' | 'note';
}

export interface DatasetMatrix {
  readonly rows: number;
  readonly cols: number;
  /** rows × cols, row-major, backed by a SharedArrayBuffer. */
  readonly values: Float64Array;
  /** rows × cols, 1 where the cell is missing, backed by a SharedArrayBuffer. */
  readonly missing: Uint8Array;
}

export interface Dataset extends DatasetMatrix {
  readonly columns: ColumnInfo[];
  readonly delimiter: string;
  readonly encoding: string;
  readonly header: boolean;
  /** Decimal separator used in numeric cells ('.' or ','). */
  readonly decimal: '.' | ',';
  readonly warnings: LoadWarning[];
  /** 1-based file line where each data row starts is not kept (memory); this is the line of the first data row. */
  readonly firstDataLine: number;
  /**
   * Records of the file before the first data row: the header (if any) and an Excel `sep=;` line (if
   * any). Whoever re-reads the file record by record skips this many. Absent means `header ? 1 : 0`.
   */
  readonly recordsBeforeData?: number;
  /**
   * Categorical or text columns (0-based) where numbers read before the column's first text cell show as the number
   * (String(value)), not as written (`01`): the loader reads the file again keeping their text, so a loaded dataset
   * has this only when it could not (a warning says so).
   */
  readonly numberTextsLost?: readonly number[];
}
