/**
 * The streaming record API over the tokenizer: feed raw file chunks, get records as arrays of field
 * strings with the 1-based line each starts on. Used by sniffing, and by anyone who must re-read the
 * original cells (e.g. exporting predictions beside the user's unchanged columns).
 *
 *   const reader = new CsvRecordReader({ delimiter: ',', encoding: 'utf-8' });
 *   for (const chunk of chunks) for (const r of reader.feed(chunk)) use(r.line, r.fields);
 *   for (const r of reader.finish()) use(r.line, r.fields);
 *
 * `encoding` is the file's encoding as sniffed (Dataset.encoding): a BOM is skipped, UTF-16 is
 * transcoded, Windows-1252 is decoded. Field text is exactly as in the file (quotes removed, `""` → `"`,
 * no trimming). Errors (an unterminated quote) are thrown as AppFailure.
 */
import { CsvTokenizer, type FieldSink } from './tokenizer';
import { decodeUtf8, decodeWindows1252, Utf16ToUtf8, type TextEncodingName } from './text';
import { TranscodeToUtf8 } from './other-encodings';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  readonly line: number;
  readonly fields: string[];
}

/**
 * Turns raw file chunks into UTF-8 (or Windows-1252) bytes for the tokenizer: strips a byte-order
 * mark at the start and transcodes UTF-16 and any other encoding (Shift_JIS, GBK, Windows-1251 …).
 */
export class InputDecoder {
  /** UTF-8: bytes held back until it is known whether the file starts with a BOM (it may span chunks). */
  private head: Uint8Array | null = new Uint8Array(0);
  /** UTF-16 and the other encodings: transcoded to UTF-8. */
  private readonly transcoder: Utf16ToUtf8 | TranscodeToUtf8 | null;

  constructor(readonly encoding: TextEncodingName) {
    if (encoding === 'utf-16le' || encoding === 'utf-16be') this.transcoder = new Utf16ToUtf8(encoding === 'utf-16le');
    else if (encoding !== 'utf-8' && encoding !== 'windows-1252') this.transcoder = new TranscodeToUtf8(encoding);
    else this.transcoder = null;
  }

  /** Bytes the tokenizer should see for this chunk. */
  push(chunk: Uint8Array): Uint8Array {
    if (this.transcoder) return this.transcoder.push(chunk);
    if (this.head === null) return chunk;
    const head = concatBytes(this.head, chunk);
    const bom = [0xef, 0xbb, 0xbf];
    const n = Math.min(3, head.length);
    for (let i = 0; i < n; i++) {
      if (head[i] !== bom[i]) {
        this.head = null;
        return head;
      }
    }
    if (head.length < 3) {
      this.head = head;
      return new Uint8Array(0);
    }
    this.head = null;
    return head.subarray(3);
  }

  /** Bytes left at the end of input (a dangling UTF-16 half becomes U+FFFD). */
  finish(): Uint8Array {
    if (this.transcoder) return this.transcoder.finish();
    const rest = this.head ?? new Uint8Array(0);
    this.head = null;
    return rest;
  }

  /** The encoding of the bytes push() returns: UTF-16 and the other encodings come out as UTF-8. */
  get tokenEncoding(): 'utf-8' | 'windows-1252' {
    return this.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decode a field's bytes in the given encoding. */
export function decodeField(bytes: Uint8Array, start: number, end: number, encoding: 'utf-8' | 'windows-1252'): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes, start, end) : decodeUtf8(bytes, start, end);
}

class RecordCollector implements FieldSink {
  records: CsvRecord[] = [];
  private fields: string[] = [];
  constructor(private readonly encoding: 'utf-8' | 'windows-1252') {}
  field(bytes: Uint8Array, start: number, end: number): void {
    this.fields.push(decodeField(bytes, start, end, this.encoding));
  }
  endRecord(line: number): void {
    this.records.push({ line, fields: this.fields });
    this.fields = [];
  }
}

/** Streaming CSV reader returning records of field strings (see the file comment). */
export class CsvRecordReader {
  private readonly input: InputDecoder;
  private readonly collector: RecordCollector;
  private readonly tokenizer: CsvTokenizer;

  constructor(options: { readonly delimiter: string; readonly encoding?: TextEncodingName }) {
    this.input = new InputDecoder(options.encoding ?? 'utf-8');
    this.collector = new RecordCollector(this.input.tokenEncoding);
    this.tokenizer = new CsvTokenizer(options.delimiter, this.collector);
  }

  /** Records completed by this chunk. */
  feed(chunk: Uint8Array): CsvRecord[] {
    this.tokenizer.feed(this.input.push(chunk));
    return this.take();
  }

  /** The last records at end of input. Throws AppFailure for an unterminated quote. */
  finish(): CsvRecord[] {
    const rest = this.input.finish();
    if (rest.length > 0) this.tokenizer.feed(rest);
    this.tokenizer.finish();
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.collector.records;
    this.collector.records = [];
    return out;
  }
}
