/**
 * A CSV file's bytes, read front to back in pieces without holding the file: as they are on disk, or, for a
 * compressed download (`.csv.gz`, `.csv.zip`: compressed.ts, recognised by their first bytes as the loader
 * recognises them), decompressed as they are read (node:zlib's gunzip, or the zip's one CSV entry inflated
 * from its place in the archive, found through the archive's central directory). The streaming predict
 * (predict-stream.ts) reads its batches from here, so it meets the same files as the loader.
 *
 * `sample()` is the start the loader sniffs (SNIFF_BYTES, more when the first row is longer); `read()` then
 * gives the whole content from its first byte. Errors are the loader's: a damaged gzip file, a zip archive
 * without exactly one CSV.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { AppFailure, err, errorDetail, ok, type AppError, type Result } from '../../../src-shared/result';
import { fileError } from '../files/plain-errors';
import { SNIFF_BYTES } from '../../../src-shared/data/csv/sniff';
import { compressionOf, pickCsvEntry, type Compression } from './compressed';
import { firstRowTooLong, MAX_SNIFF_BYTES, readSample } from './load-dataset';

export interface ByteSource {
  /** What the bytes are: the file itself, or decompressed. */
  readonly compression: Compression | null;
  /** The start to sniff, and whether it is the whole content. */
  readonly sample: Uint8Array;
  readonly whole: boolean;
  /** Fill `into` from the content's next bytes; 0 at its end. Throws an AppFailure ('csv/compressed') when the archive turns out damaged. */
  read(into: Uint8Array): Promise<number>;
  /** Bytes of the file on disk read so far (for progress against its size). */
  readonly fileBytesRead: number;
  close(): Promise<void>;
}

/** Open `path` (`size` bytes on disk) for reading front to back; errors are the loader's. */
export async function openByteSource(path: string, size: number): Promise<Result<ByteSource>> {
  const start = await readSample(path, Math.min(size, 4));
  if (!start.ok) return start;
  const compression = compressionOf(start.value);
  if (compression === null) return await plainSource(path, size);
  try {
    const stream = compression === 'gzip' ? await gzipStream(path) : await zipEntryStream(path, size);
    if (!stream.ok) return stream;
    return await compressedSource(path, compression, stream.value.raw, stream.value.content);
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
}

async function plainSource(path: string, size: number): Promise<Result<ByteSource>> {
  const sample = await readSample(path, size);
  if (!sample.ok) return sample;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    return err(fileError(e, 'read', path));
  }
  let position = 0;
  return ok({
    compression: null,
    sample: sample.value,
    whole: sample.value.length >= size,
    get fileBytesRead() {
      return position;
    },
    async read(into: Uint8Array) {
      const { bytesRead } = await handle.read(into, 0, into.length, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => handle.close(),
  });
}

/** The decompressed stream and the raw file stream under it (its bytes read count the progress). */
interface Streams {
  readonly raw: Readable;
  readonly content: Readable;
}

async function gzipStream(path: string): Promise<Result<Streams>> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return ok({ raw, content: raw.pipe(createGunzip({ chunkSize: 1 << 20 })) });
}

/** The one CSV entry of the zip archive at `path`, inflated as it is read (its place from the central directory). */
async function zipEntryStream(path: string, size: number): Promise<Result<Streams>> {
  const handle = await open(path, 'r');
  try {
    const damaged = (why: string) => err({ kind: 'csv/compressed', message: `${path} is a damaged zip archive: ${why}`, file: path });
    // End of central directory: 22 bytes and a comment of up to 65,535 at the end of the file.
    const tailLength = Math.min(size, 22 + 65535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return damaged('no central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || dirOffset + dirSize > size) return damaged('its central directory lies outside the file (or it is a ZIP64 archive)');
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries: { name: string; method: number; compressed: number; local: number }[] = [];
    for (let at = 0, k = 0; k < count; k++) {
      if (at + 46 > dirSize || dir.readUInt32LE(at) !== 0x02014b50) return damaged('a broken central directory entry');
      const nameLength = dir.readUInt16LE(at + 28);
      const name = dir.toString('utf8', at + 46, at + 46 + nameLength);
      entries.push({ name, method: dir.readUInt16LE(at + 10), compressed: dir.readUInt32LE(at + 20), local: dir.readUInt32LE(at + 42) });
      at += 46 + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    const picked = pickCsvEntry(entries.map((e) => e.name), path);
    if (!picked.ok) return picked;
    const entry = entries.find((e) => e.name === picked.value) as (typeof entries)[number];
    if (entry.method !== 0 && entry.method !== 8) {
      return err({ kind: 'csv/compressed', message: `${path}: cannot read ${entry.name} inside the zip archive: compression method ${entry.method} (only stored and deflated entries)`, file: path });
    }
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, entry.local);
    if (local.readUInt32LE(0) !== 0x04034b50) return damaged(`no local header for ${entry.name}`);
    const dataStart = entry.local + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = createReadStream(path, { start: dataStart, end: Math.max(dataStart, dataStart + entry.compressed - 1), highWaterMark: 1 << 20 });
    if (entry.compressed === 0) raw.destroy();
    return ok({ raw, content: raw.pipe(entry.method === 8 ? createInflateRaw({ chunkSize: 1 << 20 }) : new PassThrough()) });
  } finally {
    await handle.close();
  }
}

/** A decompressing source: pieces are taken from the stream as `read` asks, the sample first. */
async function compressedSource(path: string, compression: Compression, raw: Readable, content: Readable): Promise<Result<ByteSource>> {
  let fileBytesRead = 0;
  raw.on('data', (b: Buffer) => (fileBytesRead += b.length));
  const pieces = content[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Uint8Array[] = [];
  let ended = false;
  const damagedError = (e: unknown): AppError => ({
    kind: 'csv/compressed',
    message: compression === 'gzip' ? `${path} is a damaged gzip file: it cannot be decompressed.` : `${path}: the CSV inside the zip archive cannot be decompressed.`,
    file: path,
    detail: errorDetail(e),
  });
  const damaged = (e: unknown) => err(damagedError(e));
  /** One more piece into `pending`; false at the end. */
  const pull = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await pieces.next();
    if (next.done) {
      ended = true;
      return false;
    }
    pending.push(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length));
    return true;
  };
  const buffered = () => pending.reduce((n, p) => n + p.length, 0);
  const concat = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of pending) {
      if (at >= n) break;
      out.set(p.subarray(0, n - at), at);
      at += Math.min(p.length, n - at);
    }
    return out;
  };
  let sample: Uint8Array;
  try {
    // As sniffSample on the whole content: SNIFF_BYTES, or more (up to MAX_SNIFF_BYTES) while the first row does not fit.
    for (let want = SNIFF_BYTES; ; want = Math.min(want * 4, MAX_SNIFF_BYTES)) {
      while (buffered() < want + 1 && (await pull()));
      const total = buffered();
      sample = concat(Math.min(total, want));
      if (total <= want || want >= MAX_SNIFF_BYTES || !firstRowTooLong(sample, total)) break;
    }
  } catch (e) {
    content.destroy();
    return damaged(e);
  }
  const whole = ended && buffered() === sample.length;
  return ok({
    compression,
    sample,
    whole,
    get fileBytesRead() {
      return fileBytesRead;
    },
    async read(into: Uint8Array) {
      let at = 0;
      while (at < into.length) {
        if (pending.length === 0) {
          try {
            if (!(await pull())) break;
          } catch (e) {
            throw new AppFailure(damagedError(e));
          }
        }
        const p = pending[0];
        const n = Math.min(p.length, into.length - at);
        into.set(p.subarray(0, n), at);
        at += n;
        if (n === p.length) pending.shift();
        else pending[0] = p.subarray(n);
      }
      return at;
    },
    async close() {
      pending = [];
      content.destroy();
      raw.destroy();
    },
  });
}
