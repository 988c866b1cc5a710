/**
 * The predictions export's native inner loop (native/src/export-lines.cpp): copying plain lines of the original
 * CSV and appending their prediction cells, numbers in JavaScript's own Number#toString form. It is part of the
 * native addon but not of its kernel API (NATIVE_API_VERSION): an addon without it still serves the kernels,
 * and the export then runs its JavaScript path, which writes the same bytes.
 */
import { loadNativeAddon, type NativeLoad } from './addon';

/**
 * A prediction column as exportLines takes it: a number column's values, or a class column's codes with its
 * labels' cell bytes packed (label c is cells[starts[c], starts[c + 1])).
 */
export type NativeExportColumn = Float64Array | [codes: Int32Array, cells: Uint8Array, starts: Int32Array];

export interface NativeExport {
  /** formatNumber of src-shared/data/number-text.ts: '' for NaN, '0', '-0', else String(x). */
  formatNumber(x: number): string;
  /**
   * CsvExporter.copyLines over bytes[from, to): writes into out from outAt and sets result to [next byte,
   * out length, next row, lines passed, 1 if out ran out of room (grow it and call again)].
   */
  exportLines(
    bytes: Uint8Array,
    from: number,
    to: number,
    out: Uint8Array,
    outAt: number,
    cols: number,
    neutralise: boolean,
    row: number,
    rowEnd: number,
    rowBase: number,
    columns: readonly NativeExportColumn[],
    result: Float64Array,
  ): void;
}

let loaded: NativeExport | null | undefined;

/** The native export functions, or null (no addon, DENSE_LAB_NO_NATIVE=1, or a build without them). */
export function nativeExport(): NativeExport | null {
  if (loaded === undefined) loaded = exportFunctions(loadNativeAddon());
  return loaded;
}

/** The export functions of a loaded addon, or null if it has none (or none loaded). */
export function exportFunctions(load: NativeLoad): NativeExport | null {
  const fns = load.ok ? (load.addon as unknown as Partial<NativeExport>) : null;
  return fns && typeof fns.exportLines === 'function' && typeof fns.formatNumber === 'function' ? (fns as NativeExport) : null;
}

/** Pack class labels' cell bytes for exportLines. */
export function packCells(cells: readonly Uint8Array[]): { cells: Uint8Array; starts: Int32Array } {
  const starts = new Int32Array(cells.length + 1);
  cells.forEach((c, k) => (starts[k + 1] = starts[k] + c.length));
  const packed = new Uint8Array(starts[cells.length]);
  cells.forEach((c, k) => packed.set(c, starts[k]));
  return { cells: packed, starts };
}
