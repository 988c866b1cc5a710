// The whole result of a dataset load in one comparable value, for the tests that compare two ways of loading.
import type { LoadedDataset } from '../../../../src-main/services/datasets';
import type { Result } from '../../../../src-shared/result';

/** Everything a load computes, with the cells as raw bytes (so −0, NaN payloads and all compare exactly). */
export function essence(r: Result<LoadedDataset>): unknown {
  if (!r.ok) return { error: r.error };
  const d = r.value;
  return {
    rows: d.rows,
    cols: d.cols,
    values: Buffer.from(new Uint8Array(d.values.buffer, d.values.byteOffset, d.rows * d.cols * 8)).toString('base64'),
    missing: Buffer.from(new Uint8Array(d.missing.buffer, d.missing.byteOffset, d.rows * d.cols)).toString('base64'),
    columns: d.columns,
    warnings: d.warnings,
    firstDataLine: d.firstDataLine,
    recordsBeforeData: d.recordsBeforeData,
    delimiter: d.delimiter,
    encoding: d.encoding,
    header: d.header,
    decimal: d.decimal,
    bytes: d.bytes,
    ...(d.numberTextsLost ? { numberTextsLost: d.numberTextsLost } : {}),
  };
}
