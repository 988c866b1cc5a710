/**
 * The RFC 4180 tokenizer: a byte-level state machine fed Uint8Array chunks of UTF-8 (or any
 * ASCII-compatible) text. State carries across chunk boundaries, so a quote, a `""` escape or a
 * `\r\n` may be split anywhere. Line ends: `\n`, `\r\n` and a lone `\r`. Blank lines are skipped.
 * Line numbers are 1-based physical lines: a newline inside quotes advances them too.
 *
 * Fields are handed to a sink as a byte range: unquoted fields that sit inside one chunk are a view
 * of that chunk (no copy); quoted fields and fields that straddle chunks are copied to a scratch buffer.
 * A sink that wants numbers (FieldSink.number) gets plain unquoted numbers already read, in the same
 * pass that finds their end: the loader's hot path reads each byte once.
 */
import { AppFailure } from '../../result';
import type { NumberParser } from './number';

/** Receives fields and record ends from the tokenizer. */
export interface FieldSink {
  /**
   * If present, simple unquoted numbers (see NumberParser.scanSimple) are read during the scan and
   * handed over here instead of as a field, with their bytes[start, end) (valid only during the call);
   * `numberParser` says how (decimal point).
   */
  number?(value: number, line: number, bytes: Uint8Array, start: number, end: number): void;
  readonly numberParser?: NumberParser;
  /** One field: bytes[start, end). `quoted` is true if the field was quoted. The bytes are only valid during the call. */
  field(bytes: Uint8Array, start: number, end: number, quoted: boolean, line: number): void;
  /** End of a record that started on 1-based line `line`. */
  endRecord(line: number): void;
  /**
   * If present, offered every record start: reads as many whole one-line records from bytes[start, end) as
   * it can in bulk (csv-kernels.ts) and returns how many, with `rowsEnd` set to the first byte not read
   * (0 records: the tokenizer reads on as usual).
   */
  bulkRows?(bytes: Uint8Array, start: number, end: number, line: number): number;
  readonly rowsEnd?: number;
}

/** Record starts in a row at which FieldSink.bulkRows read nothing before the tokenizer stops offering them. */
const BULK_MISSES = 16;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * The longest field the tokenizer holds (bytes). A field longer than this is refused with its line: a
 * 1 GB quoted field (a quote that never closes in a big file) would otherwise grow a buffer until the
 * process runs out of memory. Memory for one field stays below this bound, whatever the file's size.
 */
export const MAX_FIELD_BYTES = 64 << 20;

const enum State {
  /** At the start of a field (or of a record when fieldsInRecord === 0). */
  FieldStart,
  /** Inside an unquoted field whose beginning is in `scratch` (it straddles chunks). */
  Unquoted,
  /** Inside quotes. */
  Quoted,
  /** Just read a quote inside a quoted field: either `""` or the closing quote. */
  QuoteInQuoted,
  /** Just ended a record with `\r`: a following `\n` belongs to it. */
  AfterCr,
}

/** A growable byte buffer for fields that cannot be a view of one chunk, never longer than `limit` (else `overflow` throws). */
class Scratch {
  bytes: Uint8Array;
  length = 0;
  constructor(
    private readonly limit: number,
    private readonly overflow: () => never,
  ) {
    this.bytes = new Uint8Array(Math.min(256, limit));
  }
  push(b: number): void {
    if (this.length === this.bytes.length) this.grow(this.length + 1);
    this.bytes[this.length++] = b;
  }
  append(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.length + n > this.bytes.length) this.grow(this.length + n);
    if (n < 64) {
      // Short runs: a loop beats allocating a subarray view.
      const bytes = this.bytes;
      let o = this.length;
      for (let k = start; k < end; k++) bytes[o++] = src[k];
    } else {
      this.bytes.set(src.subarray(start, end), this.length);
    }
    this.length += n;
  }
  private grow(min: number): void {
    if (min > this.limit) this.overflow();
    let size = this.bytes.length * 2;
    while (size < min) size *= 2;
    size = Math.min(size, Math.max(this.limit, min));
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

/**
 * Streaming CSV tokenizer. Call `feed(chunk)` for each chunk and `finish()` at the end; both throw an
 * AppFailure (kind 'csv/unterminated-quote') for a quote that never closes, naming the line where it opened.
 */
export class CsvTokenizer {
  private state = State.FieldStart;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private fieldsInRecord = 0;
  private readonly scratch: Scratch;
  /** Line where the field being gathered in `scratch` began (for the too-long message). */
  private fieldLine = 1;
  private fieldQuoted = false;
  private readonly delimiter: number;
  /** stop[b] = 1 for the bytes that end or open an unquoted field: delimiter, LF, CR, quote (one load per byte in the hot loop). */
  private readonly stop = new Uint8Array(256);
  /** A `\r` ended the previous chunk inside quotes: a `\n` starting this chunk is part of the same line end. */
  private pendingQuotedCr = false;
  /** The current unquoted-state field began with a quoted part. */
  private quotedTail = false;
  /** Record starts in a row where the sink's bulk reader (FieldSink.bulkRows) read nothing. */
  private bulkMisses = 0;

  /**
   * `firstLine`: the line number of the first byte fed (1 unless tokenizing from inside a file).
   * `maxFieldBytes`: a longer field throws an AppFailure of kind 'csv/field-too-long' (tests use a small one).
   */
  constructor(
    delimiter: string,
    private readonly sink: FieldSink,
    firstLine = 1,
    maxFieldBytes = MAX_FIELD_BYTES,
  ) {
    this.scratch = new Scratch(maxFieldBytes, () => {
      throw new AppFailure({
        kind: 'csv/field-too-long',
        message: `field ${this.fieldsInRecord + 1} on line ${this.fieldLine} is longer than ${sizeText(maxFieldBytes)}, the limit for one field${this.fieldQuoted ? ' (is a quote left open?)' : ''}`,
        line: this.fieldLine,
        column: this.fieldsInRecord + 1,
      });
    });
    this.line = firstLine;
    this.recordLine = firstLine;
    this.quoteLine = firstLine;
    this.delimiter = delimiter.charCodeAt(0);
    this.stop[this.delimiter] = 1;
    this.stop[LF] = 1;
    this.stop[CR] = 1;
    this.stop[QUOTE] = 1;
  }

  /** 1-based line the tokenizer is on now. */
  get currentLine(): number {
    return this.line;
  }

  /**
   * True between records: everything fed so far ended with a record end (or a blank line) outside
   * quotes, so the next byte starts a record. (After a lone `\r`, a following `\n` would still belong to it.)
   */
  get atRecordStart(): boolean {
    return this.state === State.FieldStart && this.fieldsInRecord === 0 && !this.pendingQuotedCr;
  }

  /** Tokenize one chunk. The chunk may end anywhere, even inside a quote or between `\r` and `\n`. */
  feed(chunk: Uint8Array): void {
    const sink = this.sink;
    const delim = this.delimiter;
    const n = chunk.length;
    const scratch = this.scratch;
    const numbers = sink.number ? sink.numberParser : undefined;
    const bulk = sink.bulkRows !== undefined;
    let state = this.state;
    let i = 0;
    if (this.pendingQuotedCr) {
      // The previous chunk ended with `\r` inside quotes: a `\n` here completes that one line end.
      this.pendingQuotedCr = false;
      if (n > 0 && chunk[0] === LF && state === State.Quoted) {
        scratch.push(LF);
        i = 1;
      }
    }
    while (i < n) {
      if (state === State.FieldStart) {
        const b = chunk[i];
        if (b === QUOTE) {
          // Fast path: a quoted field without "" or line breaks, closed within this chunk, is a view.
          let j = i + 1;
          while (j < n) {
            const q = chunk[j];
            if (q === QUOTE || q === LF || q === CR) break;
            j++;
          }
          if (j + 1 < n && chunk[j] === QUOTE) {
            const c = chunk[j + 1];
            if (c === delim || c === LF || c === CR) {
              if (this.fieldsInRecord === 0) this.recordLine = this.line;
              sink.field(chunk, i + 1, j, true, this.recordLine);
              this.fieldsInRecord++;
              i = j + 2;
              if (c !== delim) {
                sink.endRecord(this.recordLine);
                this.fieldsInRecord = 0;
                this.line++;
                if (c === CR) state = State.AfterCr;
              }
              continue;
            }
          }
          state = State.Quoted;
          this.quoteLine = this.fieldLine = this.line;
          this.fieldQuoted = true;
          scratch.length = 0;
          i++;
          continue;
        }
        if (this.fieldsInRecord === 0 && (b === LF || b === CR)) {
          // A blank line: no record.
          this.line++;
          i++;
          if (b === CR) state = State.AfterCr;
          continue;
        }
        if (this.fieldsInRecord === 0) {
          this.recordLine = this.line;
          if (bulk && this.bulkMisses < BULK_MISSES) {
            // Whole plain records in bulk (one line each): the sink stores them as the per-field path would.
            const rows = sink.bulkRows!(chunk, i, n, this.line);
            if (rows > 0) {
              this.line += rows;
              i = sink.rowsEnd as number;
              this.bulkMisses = 0;
              continue;
            }
            this.bulkMisses++;
          }
        }
        if (numbers !== undefined) {
          // A simple number, read in the same pass that finds its end.
          const j = numbers.scanSimple(chunk, i, n);
          if (j >= 0) {
            const c = chunk[j];
            if (c === delim || c === LF || c === CR) {
              sink.number!(numbers.value, this.recordLine, chunk, i, j);
              this.fieldsInRecord++;
              i = j + 1;
              if (c !== delim) {
                sink.endRecord(this.recordLine);
                this.fieldsInRecord = 0;
                this.line++;
                if (c === CR) state = State.AfterCr;
              }
              continue;
            }
          }
        }
        // Unquoted field: scan to its end in this chunk.
        const start = i;
        let c = b;
        const stop = this.stop;
        while (stop[c] === 0) {
          if (++i === n) break;
          c = chunk[i];
        }
        if (i < n && c === QUOTE && !allSpaces(chunk, start, i)) {
          // A quote inside an unquoted field is literal: scan on.
          for (;;) {
            if (++i === n) break;
            c = chunk[i];
            if (c === delim || c === LF || c === CR) break;
          }
        }
        if (i === n) {
          this.fieldLine = this.line;
          this.fieldQuoted = false;
          scratch.length = 0;
          scratch.append(chunk, start, n);
          state = State.Unquoted;
          break;
        }
        if (c === QUOTE) {
          // Spaces, then a quote: a quoted field with leading spaces (lenient).
          state = State.Quoted;
          this.quoteLine = this.fieldLine = this.line;
          this.fieldQuoted = true;
          scratch.length = 0;
          i++;
          continue;
        }
        sink.field(chunk, start, i, false, this.recordLine);
        this.fieldsInRecord++;
        i++;
        if (c !== delim) {
          sink.endRecord(this.recordLine);
          this.fieldsInRecord = 0;
          this.line++;
          if (c === CR) state = State.AfterCr;
        }
        continue;
      }
      if (state === State.Unquoted) {
        const start = i;
        let c = chunk[i];
        while (c !== delim && c !== LF && c !== CR) {
          if (c === QUOTE && !this.quotedTail && allSpaces(scratch.bytes, 0, scratch.length) && allSpaces(chunk, start, i)) break;
          if (++i === n) break;
          c = chunk[i];
        }
        scratch.append(chunk, start, i);
        if (i === n) break;
        if (c === QUOTE) {
          state = State.Quoted;
          this.quoteLine = this.fieldLine = this.line;
          this.fieldQuoted = true;
          scratch.length = 0;
          i++;
          continue;
        }
        i++;
        state = this.endField(c, false);
        continue;
      }
      if (state === State.Quoted) {
        const start = i;
        let c = chunk[i];
        while (c !== QUOTE && c !== LF && c !== CR) {
          if (++i === n) break;
          c = chunk[i];
        }
        scratch.append(chunk, start, i);
        if (i === n) break;
        i++;
        if (c === QUOTE) {
          state = State.QuoteInQuoted;
        } else {
          scratch.push(c);
          if (c === CR) {
            this.line++;
            if (i < n && chunk[i] === LF) {
              scratch.push(LF);
              i++;
            } else if (i === n) {
              this.pendingQuotedCr = true;
            }
          } else {
            this.line++;
          }
        }
        continue;
      }
      if (state === State.QuoteInQuoted) {
        const c = chunk[i++];
        if (c === QUOTE) {
          scratch.push(QUOTE);
          state = State.Quoted;
        } else if (c === delim || c === LF || c === CR) {
          state = this.endField(c, true);
        } else if (c === SPACE) {
          // Spaces after a closing quote are dropped.
        } else {
          // Text after a closing quote: kept, and the field goes on unquoted (lenient).
          scratch.push(c);
          state = State.Unquoted;
          this.quotedTail = true;
        }
        continue;
      }
      // State.AfterCr
      if (chunk[i] === LF) i++;
      state = State.FieldStart;
    }
    this.state = state;
  }

  /** Emit the scratch field; `c` is the byte that ended it (delimiter, LF or CR). */
  private endField(c: number, quoted: boolean): State {
    if (this.fieldsInRecord === 0) {
      // recordLine was set when the field began unquoted; a field that began with a quote starts the record here.
      if (quoted || this.quotedTail) this.recordLine = this.quoteLine;
    }
    const wasQuoted = quoted || this.quotedTail;
    this.quotedTail = false;
    this.sink.field(this.scratch.bytes, 0, this.scratch.length, wasQuoted, this.recordLine);
    this.fieldsInRecord++;
    if (c === this.delimiter) return State.FieldStart;
    this.sink.endRecord(this.recordLine);
    this.fieldsInRecord = 0;
    this.line++;
    return c === CR ? State.AfterCr : State.FieldStart;
  }

  /** End of input: emit the last record (a missing final newline is fine). */
  finish(): void {
    const state = this.state;
    if (state === State.Quoted) {
      throw new AppFailure({
        kind: 'csv/unterminated-quote',
        message: `unterminated quote: the quoted field opened on line ${this.quoteLine} (field ${this.fieldsInRecord + 1}) never closes`,
        line: this.quoteLine,
        column: this.fieldsInRecord + 1,
      });
    }
    if (state === State.Unquoted || state === State.QuoteInQuoted) {
      if (this.fieldsInRecord === 0 && (state === State.QuoteInQuoted || this.quotedTail)) this.recordLine = this.quoteLine;
      const quoted = state === State.QuoteInQuoted || this.quotedTail;
      this.quotedTail = false;
      this.sink.field(this.scratch.bytes, 0, this.scratch.length, quoted, this.recordLine);
      this.sink.endRecord(this.recordLine);
    } else if (state === State.FieldStart && this.fieldsInRecord > 0) {
      // "a,b," at end of input: a last, empty field.
      this.sink.field(this.scratch.bytes, 0, 0, false, this.recordLine);
      this.sink.endRecord(this.recordLine);
    }
    this.fieldsInRecord = 0;
    this.state = State.FieldStart;
  }
}

/** 64 MiB, 1.5 KiB, 100 bytes. */
function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function allSpaces(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (bytes[k] !== SPACE) return false;
  return true;
}
