/**
 * Encodings beyond UTF-8, UTF-16 and Windows-1252 (Shift_JIS, GBK, Big5, EUC-KR, Windows-1251, KOI8-R …):
 * transcoded to UTF-8 as the file streams by, so the tokenizer still sees ASCII-compatible bytes (a Shift_JIS
 * or GBK second byte may be `|` or `\`, which must not be read as a delimiter). The decoding is the platform's
 * TextDecoder (WHATWG Encoding: in Node, workers and browsers alike), not ours.
 */

declare const TextEncoder: { new (): { encodeInto(text: string, into: Uint8Array): { read: number; written: number } } };
declare const TextDecoder: {
  new (label: string, options?: { fatal?: boolean }): { readonly encoding: string; decode(data?: Uint8Array, options?: { stream?: boolean }): string };
};

/** The WHATWG name of an encoding label (`Shift-JIS`, `sjis`, `cp1251` …), or null if the platform cannot decode it. */
export function canonicalEncoding(label: string): string | null {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

/** True if `bytes` (the start of a file when `truncated`) decode in `encoding` without an invalid sequence. */
export function decodesCleanly(bytes: Uint8Array, encoding: string, truncated: boolean): boolean {
  try {
    const decoder = new TextDecoder(encoding, { fatal: true });
    // stream: a character cut off by the end of a sample is not an error.
    decoder.decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/** Streaming `encoding` → UTF-8; invalid sequences become U+FFFD. */
export class TranscodeToUtf8 {
  private readonly decoder: { decode(data?: Uint8Array, options?: { stream?: boolean }): string };
  private readonly encoder = new TextEncoder();

  constructor(encoding: string) {
    this.decoder = new TextDecoder(encoding);
  }

  push(chunk: Uint8Array): Uint8Array {
    return this.utf8(this.decoder.decode(chunk, { stream: true }));
  }

  finish(): Uint8Array {
    return this.utf8(this.decoder.decode());
  }

  private utf8(text: string): Uint8Array {
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    const out = new Uint8Array(text.length * 3);
    return out.subarray(0, this.encoder.encodeInto(text, out).written);
  }
}
