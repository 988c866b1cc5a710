/**
 * Text decoding for CSV fields, written for this job (src-shared has no TextDecoder type):
 * UTF-8 and Windows-1252 field decoding, UTF-8 validation for sniffing, and a streaming
 * UTF-16 → UTF-8 transcoder so the tokenizer always sees ASCII-compatible bytes.
 */

/** A file's encoding, by its WHATWG name: these four are decoded here, any other (shift_jis, gbk …) by other-encodings.ts. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be' | (string & {});

/** Windows-1252 code points for bytes 0x80–0x9F (the rest equal Latin-1). Undefined bytes map to themselves. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** Decode bytes[start, end) as Windows-1252. */
export function decodeWindows1252(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b);
  }
  return out;
}

/**
 * Decode bytes[start, end) as UTF-8. Invalid sequences become U+FFFD; `onInvalid` (if given) is told once.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, onInvalid?: () => void): string {
  // ASCII fast path: most fields.
  let i = start;
  while (i < end && bytes[i] < 0x80) i++;
  if (i === end) return asciiString(bytes, start, end);
  let out = asciiString(bytes, start, i);
  let reported = false;
  const units: number[] = [];
  while (i < end) {
    const b = bytes[i];
    let cp = -1;
    let len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf) {
      len = 2;
      if (i + 1 < end && isCont(bytes[i + 1])) cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (i + 2 < end && isCont(bytes[i + 1]) && isCont(bytes[i + 2])) {
        const v = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
        if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) cp = v;
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (i + 3 < end && isCont(bytes[i + 1]) && isCont(bytes[i + 2]) && isCont(bytes[i + 3])) {
        const v = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
        if (v >= 0x10000 && v <= 0x10ffff) cp = v;
      }
    }
    if (cp < 0) {
      if (!reported && onInvalid) onInvalid();
      reported = true;
      cp = 0xfffd;
      len = 1;
    }
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      units.push(cp);
    }
    i += len;
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

function asciiString(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 0) return '';
  if (n <= 16) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  let s = '';
  for (let i = start; i < end; i += 4096) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  return s;
}

function isCont(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/**
 * Is bytes valid UTF-8? A multi-byte sequence cut off by the end counts as valid when `truncated`
 * (the bytes are a sample of a longer file).
 */
export function isValidUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    else return false;
    if (i + len > n) {
      if (!truncated) return false;
      for (let k = i + 1; k < n; k++) if (!isCont(bytes[k])) return false;
      return true;
    }
    for (let k = 1; k < len; k++) if (!isCont(bytes[i + k])) return false;
    if (len === 3) {
      const v = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6);
      if (v < 0x800 || (v >= 0xd800 && v <= 0xdfff)) return false;
    } else if (len === 4) {
      const v = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12);
      if (v < 0x10000 || v > 0x10ffff) return false;
    }
    i += len;
  }
  return true;
}

/**
 * Streaming UTF-16 (LE or BE) → UTF-8. Keeps an odd byte and a high surrogate across chunks.
 * An unpaired surrogate becomes U+FFFD; a leading byte-order mark is dropped.
 */
export class Utf16ToUtf8 {
  private carryByte = -1;
  private highSurrogate = -1;
  /** A byte-order mark (U+FEFF) as the very first character is dropped. */
  private atStart = true;

  constructor(private readonly littleEndian: boolean) {}

  /** Transcode one chunk; returns the UTF-8 bytes it completes. */
  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(Math.ceil((chunk.length + 2) / 2) * 3 + 4);
    let o = 0;
    let i = 0;
    const le = this.littleEndian;
    const emit = (cp: number): void => {
      if (cp < 0x80) out[o++] = cp;
      else if (cp < 0x800) {
        out[o++] = 0xc0 | (cp >> 6);
        out[o++] = 0x80 | (cp & 0x3f);
      } else if (cp < 0x10000) {
        out[o++] = 0xe0 | (cp >> 12);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
      } else {
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
      }
    };
    const unit = (u: number): void => {
      if (this.atStart) {
        this.atStart = false;
        if (u === 0xfeff) return;
      }
      if (this.highSurrogate >= 0) {
        if (u >= 0xdc00 && u <= 0xdfff) {
          emit(0x10000 + ((this.highSurrogate - 0xd800) << 10) + (u - 0xdc00));
          this.highSurrogate = -1;
          return;
        }
        emit(0xfffd);
        this.highSurrogate = -1;
      }
      if (u >= 0xd800 && u <= 0xdbff) this.highSurrogate = u;
      else if (u >= 0xdc00 && u <= 0xdfff) emit(0xfffd);
      else emit(u);
    };
    if (this.carryByte >= 0 && chunk.length > 0) {
      const a = this.carryByte;
      const b = chunk[0];
      unit(le ? a | (b << 8) : (a << 8) | b);
      this.carryByte = -1;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) {
      unit(le ? chunk[i] | (chunk[i + 1] << 8) : (chunk[i] << 8) | chunk[i + 1]);
    }
    if (i < chunk.length) this.carryByte = chunk[i];
    return out.subarray(0, o);
  }

  /** End of input: a dangling byte or high surrogate becomes U+FFFD. */
  finish(): Uint8Array {
    const pending = this.carryByte >= 0 || this.highSurrogate >= 0;
    this.carryByte = -1;
    this.highSurrogate = -1;
    return pending ? new Uint8Array([0xef, 0xbf, 0xbd]) : new Uint8Array(0);
  }
}

/** Control characters of a text shown as escapes (a message must not steer the terminal). */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
