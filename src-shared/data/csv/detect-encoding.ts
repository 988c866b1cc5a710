/**
 * Which encoding a file that is not UTF-8 (nor UTF-16) is in. Spreadsheets in other languages write their
 * own code page: Shift_JIS in Japan, GBK in China, Big5, EUC-KR, Windows-1251 for Cyrillic … Reading those as
 * Windows-1252 gives mojibake, so the sample is given to jschardet (a port of Python's chardet 7; tried here
 * beside the `chardet` package on Shift_JIS, GBK, Big5, EUC-KR, Windows-1251, KOI8-R, Windows-1250 and 1252
 * samples, it named all of them where `chardet` missed three), restricted to the encodings such files come in.
 *
 * One guard of our own: in Latin-script text an accented letter sits inside an ASCII word (`Renée`), while
 * Cyrillic or Greek text has its non-ASCII bytes in runs. The detector can take short French text for
 * Windows-1251; when it names a single-byte code page and most non-ASCII bytes touch an ASCII letter, the
 * file is Windows-1252 unless the detector is fairly sure of Windows-1250 (Central European).
 */
import { canonicalEncoding, decodesCleanly } from './other-encodings';

/** jschardet's detect(), as detectEncoding calls it. */
export type CharsetDetect = (sample: Uint8Array, options: { detectEncodings: string[] }) => { encoding: string | null; confidence: number };

/**
 * Where jschardet comes from. Its module takes ~35 ms to load (its language models), which every start of the CLI
 * and the app paid though most files are UTF-8: the process that sniffs files gives a provider once
 * (src-main/services/datasets/charset-detector.ts), and it is called the first time a sample is not UTF-8.
 */
let provider: (() => CharsetDetect) | null = null;
let detector: CharsetDetect | null = null;

export function provideCharsetDetector(provide: () => CharsetDetect): void {
  provider = provide;
  detector = null;
}

/** jschardet's names of the encodings looked for (it reports CP932 for Shift_JIS with Windows extensions, CP949 for EUC-KR). */
const CANDIDATES = [
  'Windows-1252', 'CP932', 'SHIFT_JIS', 'EUC-JP', 'GB18030', 'Big5', 'CP949', 'EUC-KR',
  'Windows-1250', 'Windows-1251', 'Windows-1253', 'Windows-1254', 'Windows-1255', 'Windows-1256', 'Windows-1257', 'KOI8-R', 'KOI8-U',
];
/** Platform (WHATWG) names for jschardet's, where they differ. */
const WHATWG: Readonly<Record<string, string>> = { CP932: 'shift_jis', CP949: 'euc-kr' };
const MIN_CENTRAL_EUROPEAN = 0.05;

export interface DetectedEncoding {
  /** WHATWG name: 'windows-1252', 'shift_jis', 'gbk' … */
  readonly encoding: string;
  /** jschardet's confidence, 0–1 (low numbers are usual for short samples). */
  readonly confidence: number;
}

/** The encoding of a sample that is not valid UTF-8 (`truncated`: it is the start of a longer file). */
export function detectEncoding(sample: Uint8Array, truncated: boolean): DetectedEncoding {
  const fallback = { encoding: 'windows-1252', confidence: 0 };
  if (provider === null) throw new Error('detectEncoding: no charset detector was provided (provideCharsetDetector)');
  detector ??= provider();
  let found: { encoding: string | null; confidence: number };
  try {
    found = detector(sample, { detectEncodings: CANDIDATES });
  } catch {
    return fallback;
  }
  const encoding = found.encoding === null ? null : canonicalEncoding(WHATWG[found.encoding] ?? found.encoding);
  if (encoding === null || encoding === 'windows-1252') return fallback;
  // Single-byte code pages only: a Shift_JIS or GBK second byte may itself be an ASCII letter.
  const singleByte = /^(windows-|koi8|iso-8859)/.test(encoding);
  if (singleByte && latinScript(sample) && !(encoding === 'windows-1250' && found.confidence >= MIN_CENTRAL_EUROPEAN)) return fallback;
  if (!decodesCleanly(sample, encoding, truncated)) return fallback;
  return { encoding, confidence: found.confidence };
}

/** Most non-ASCII bytes sit next to an ASCII letter: accented letters in Latin words. */
function latinScript(bytes: Uint8Array): boolean {
  const letter = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
  let high = 0;
  let inWord = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if (letter(bytes[i - 1]) || letter(bytes[i + 1])) inWord++;
  }
  return high > 0 && inWord * 2 > high;
}
