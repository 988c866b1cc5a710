/**
 * Compressed downloads read directly, as pandas and polars do: a gzip file (`.csv.gz`) or a zip archive with
 * one CSV inside (`.csv.zip`). Both are recognised by their first bytes, whatever the file is called, and
 * decompressed into memory (node:zlib for gzip, fflate for zip: its central-directory reader lists the archive
 * without inflating it), then loaded as the bytes of the CSV; the dataset keeps them, so an export copies the
 * original cells without reading the archive again. A zip that holds no CSV, several, or an Excel workbook
 * gets one sentence saying what it is and what to do.
 */
import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { err, errorDetail, ok, type Result } from '../../../src-shared/result';

const gunzipAsync = promisify(gunzip);

export type Compression = 'gzip' | 'zip';

/** What the first bytes say the file is compressed with, if anything. */
export function compressionOf(start: Uint8Array): Compression | null {
  if (start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b) return 'gzip';
  if (start.length >= 4 && start[0] === 0x50 && start[1] === 0x4b && (start[2] === 0x03 || start[2] === 0x05) && start[3] === start[2] + 1) return 'zip';
  return null;
}

/** The CSV inside compressed bytes: its name (the entry's, for a zip) and its bytes. */
export interface Decompressed {
  readonly inner: string;
  readonly bytes: Uint8Array;
}

const CSV_NAME = /\.(csv|tsv|txt|tab|dat)$/i;

/** The file `path` (compressed as `compression`) decompressed. */
export async function decompressFile(path: string, compression: Compression): Promise<Result<Decompressed>> {
  return await decompress(new Uint8Array(await readFile(path)), compression, path);
}

/** Decompress `bytes` (called `name` in messages). */
export async function decompress(bytes: Uint8Array, compression: Compression, name: string): Promise<Result<Decompressed>> {
  if (compression === 'gzip') {
    try {
      const out = await gunzipAsync(bytes);
      return ok({ inner: name.replace(/\.gz$/i, ''), bytes: new Uint8Array(out.buffer, out.byteOffset, out.length) });
    } catch (e) {
      return err({ kind: 'csv/compressed', message: `${name} is a damaged gzip file: it cannot be decompressed.`, file: name, detail: errorDetail(e) });
    }
  }
  // fflate loads only for a zip archive (about 10 ms of every start-up otherwise).
  const { unzipSync } = await import('fflate');
  return unzipCsv(unzipSync, bytes, name);
}

function unzipCsv(unzipSync: typeof import('fflate').unzipSync, bytes: Uint8Array, name: string): Result<Decompressed> {
  const entries: string[] = [];
  try {
    // The filter sees every entry of the central directory; returning false inflates nothing.
    unzipSync(bytes, { filter: (f) => (entries.push(f.name), false) });
  } catch (e) {
    return err({ kind: 'csv/compressed', message: `${name} is a damaged zip archive: it cannot be opened.`, file: name, detail: errorDetail(e) });
  }
  const picked = pickCsvEntry(entries, name);
  if (!picked.ok) return picked;
  const csv = picked.value;
  let inner: Uint8Array | undefined;
  try {
    inner = unzipSync(bytes, { filter: (f) => f.name === csv })[csv];
  } catch (e) {
    return err({ kind: 'csv/compressed', message: `${name}: ${csv} inside the zip archive cannot be decompressed.`, file: name, detail: errorDetail(e) });
  }
  return ok({ inner: csv, bytes: inner });
}

/** The one CSV among a zip archive's entries (`name`: the archive, in messages), or what the archive is instead. */
export function pickCsvEntry(entries: readonly string[], name: string): Result<string> {
  const files = entries.filter((e) => !e.endsWith('/') && !e.startsWith('__MACOSX/') && !e.split('/').pop()?.startsWith('.'));
  if (files.includes('xl/workbook.xml')) {
    return err({ kind: 'csv/binary', message: `${name} is an Excel workbook (.xlsx), not CSV: save it as CSV first`, file: name });
  }
  const csvs = files.filter((f) => CSV_NAME.test(f));
  if (csvs.length !== 1) {
    const what = csvs.length === 0 ? `no CSV file (it holds ${files.length === 0 ? 'nothing' : files.slice(0, 5).join(', ')})` : `${csvs.length} CSV files (${csvs.slice(0, 5).join(', ')})`;
    return err({ kind: 'csv/compressed', message: `${name} is a zip archive with ${what}: extract the one to open and open it`, file: name });
  }
  return ok(csvs[0]);
}
