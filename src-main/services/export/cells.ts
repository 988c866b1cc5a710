/**
 * Writing CSV cells as bytes: RFC 4180 quoting, spreadsheet-formula neutralisation, and numbers in their
 * shortest round-trip form. Output is UTF-8 with ',' as the delimiter and '\n' line ends.
 *
 * Formula neutralisation (which cells, see src-shared/data/formula-cells.ts) writes a leading apostrophe:
 * `'=HYPERLINK(…)`. The apostrophe is what spreadsheets themselves use to mark "text, not a formula" (OWASP's advice).
 */
import { needsNeutralising } from '../../../src-shared/data/formula-cells';
import { MAX_NUMBER_TEXT, writeNumberText } from '../../../src-shared/data/number-text';

export { formatNumber } from '../../../src-shared/data/number-text';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const APOSTROPHE = 0x27;
const SPACE = 0x20;

/**
 * Uninitialised bytes as a plain Uint8Array (V8 indexes a plain Uint8Array faster than a Node Buffer,
 * which matters in the per-byte loops here).
 */
function allocBytes(n: number): Uint8Array {
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** A growable output buffer of bytes, flushed by its owner. */
export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;
  /** The buffer the last detach() handed out, reused by the next one. */
  private spare: Uint8Array | null = null;

  constructor(capacity = 1 << 20) {
    this.bytes = allocBytes(capacity);
  }

  /** Make room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = allocBytes(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** Append an ASCII string (numbers, separators). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    // A plain loop beats Buffer#write's native call for the short strings numbers are.
    const dst = this.bytes;
    let pos = this.length;
    for (let i = 0; i < n; i++) dst[pos++] = s.charCodeAt(i);
    this.length = pos;
  }

  /**
   * Hand over the bytes written so far and go on in another buffer, so the handed bytes can be written
   * to disk while more are produced. The view stays valid until the next detach(), which goes on in
   * its memory (two buffers take turns: no allocation, no garbage per flush), so finish with it first.
   */
  detach(): Uint8Array {
    const full = this.bytes;
    const view = full.subarray(0, this.length);
    const spare = this.spare;
    this.bytes = spare !== null && spare.length >= full.length ? spare : allocBytes(full.length);
    this.spare = full;
    this.length = 0;
    return view;
  }

  /** The bytes written so far, and start again (the view is valid until the next write). */
  take(): Uint8Array {
    const view = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length);
    this.length = 0;
    return view;
  }
}

/**
 * Append the text cell bytes[start, end) (UTF-8) to `out`: unchanged when it can be, quoted (with `""`
 * for quotes) when it holds a comma, quote, CR or LF, or has spaces at either end (so readers that trim keep
 * them), and with a leading apostrophe when `neutralise` and it could run as a formula.
 */
export function writeTextCell(out: ByteBuffer, bytes: Uint8Array, start: number, end: number, neutralise: boolean): void {
  const n = end - start;
  out.reserve(2 * n + 3);
  const dst = out.bytes;
  let pos = out.length;
  const prefix = neutralise && needsNeutralising(bytes, start, end);
  if (prefix) dst[pos++] = APOSTROPHE;
  // Fast path: copy while checking whether quoting is needed.
  let plain = n === 0 || (bytes[start] !== SPACE && bytes[end - 1] !== SPACE);
  for (let i = start; plain && i < end; i++) {
    const b = bytes[i];
    if (b === COMMA || b === QUOTE || b === LF || b === CR) plain = false;
    else dst[pos++] = b;
  }
  if (!plain) {
    pos = out.length;
    dst[pos++] = QUOTE;
    if (prefix) dst[pos++] = APOSTROPHE;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b === QUOTE) dst[pos++] = QUOTE;
      dst[pos++] = b;
    }
    dst[pos++] = QUOTE;
  }
  out.length = pos;
}

/** Append a JavaScript string as a text cell (see writeTextCell). */
export function writeTextString(out: ByteBuffer, text: string, neutralise: boolean): void {
  const bytes = Buffer.from(text, 'utf8');
  writeTextCell(out, bytes, 0, bytes.length, neutralise);
}

/** Append formatNumber(x) (src-shared/data/number-text.ts) to `out`. */
export function writeNumberCell(out: ByteBuffer, x: number): void {
  out.reserve(MAX_NUMBER_TEXT);
  out.length += writeNumberText(x, out.bytes, out.length);
}
