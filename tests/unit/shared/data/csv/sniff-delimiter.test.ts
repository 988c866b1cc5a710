// sniffDelimiter reads a sample only until it has counted its first 200 records per candidate delimiter: the same
// answer as tokenizing the whole sample (the reference below), on seeded samples of any length, record count,
// quoting (line ends and delimiters inside quotes, an unterminated quote) and line ends.
import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../../../../src-shared/data/csv/sniff';
import { CsvTokenizer, type FieldSink } from '../../../../../src-shared/data/csv/tokenizer';
import { seeded } from '../../../workers/reference';

/** The whole-sample reading sniffDelimiter did before (counts capped at 200 records). */
function wholeSample(text: Uint8Array, truncated: boolean): string {
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const counts: number[] = [];
    let n = 0;
    const sink: FieldSink = {
      field: () => void n++,
      endRecord: () => {
        if (counts.length < 200) counts.push(n);
        n = 0;
      },
    } as FieldSink;
    const tok = new CsvTokenizer(d, sink);
    try {
      tok.feed(text);
      if (!truncated) tok.finish();
    } catch {
      // judged by the records before it
    }
    let c = counts;
    if (truncated && c.length > 1) c = c.slice(0, -1);
    if (c.length === 0) continue;
    const freq = new Map<number, number>();
    for (const x of c) freq.set(x, (freq.get(x) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [x, f] of freq) if (f > modeFreq || (f === modeFreq && x > mode)) [mode, modeFreq] = [x, f];
    if (mode < 2) continue;
    const score = modeFreq / c.length + mode * 1e-6;
    if (score > bestScore + 1e-9) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

describe('sniffDelimiter', () => {
  it('gives the whole-sample answer when it stops after the first 200 records', () => {
    const cells = ['1', '2.5', 'x', '"a,b"', '"c;d"', '"e\tf"', '"g|h"', '"two\nlines"', '', '"q""q"', 'a longer cell of text, forty bytes long', '"a quoted, long cell; with | and \t inside"'];
    const delims = [',', ';', '\t', '|'];
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = seeded(seed);
      const d = delims[Math.floor(rnd() * 4)];
      const rows = Math.floor(rnd() * 700);
      let text = '';
      for (let r = 0; r < rows; r++) {
        const fields = 1 + Math.floor(rnd() * (rnd() < 0.9 ? 4 : 12));
        text += Array.from({ length: fields }, () => cells[Math.floor(rnd() * cells.length)]).join(rnd() < 0.95 ? d : delims[Math.floor(rnd() * 4)]);
        text += ['\n', '\r\n', '\r'][Math.floor(rnd() * 3)];
      }
      if (rnd() < 0.2) text += '"never closed,1,2\n3,4';
      const bytes = new TextEncoder().encode(text);
      for (const cut of [bytes.length, Math.floor(bytes.length / 2), Math.floor(rnd() * bytes.length)]) {
        const sample = bytes.subarray(0, cut);
        for (const truncated of [true, false]) expect(sniffDelimiter(sample, truncated), `seed ${seed} cut ${cut}`).toBe(wholeSample(sample, truncated));
      }
    }
  });
});
