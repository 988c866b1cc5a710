// Reading a file as chunks (ChunkReader) and joining them (finishSegments) gives what one pass gives
// (loadFromChunks), on one thread: the join's own rules, without worker threads.
import { describe, expect, it } from 'vitest';
import { allocateCells } from '../../../../../src-shared/data/csv/load-cells';
import { segmentOptions, type SegmentResult } from '../../../../../src-shared/data/csv/segment-builder';
import { finishSegments } from '../../../../../src-shared/data/csv/join-segments';
import { ChunkReader } from '../../../../../src-shared/data/csv/chunk-reader';
import { builderOptions, loadFromChunks } from '../../../../../src-shared/data/csv/load';
import { sniff } from '../../../../../src-shared/data/csv/sniff';
import { AppFailure, type Result } from '../../../../../src-shared/result';
import type { Dataset } from '../../../../../src-shared/data/dataset';

const enc = new TextEncoder();

async function single(bytes: Uint8Array): Promise<Result<Dataset>> {
  return loadFromChunks(bytes.subarray(0, 65536), bytes.length, (async function* () {
    yield bytes;
  })());
}

/** Chunks starting after the first \n at or after each offset, read one by one in regions of one buffer, then joined. */
function chunked(bytes: Uint8Array, offsets: number[], roomRows: number): Result<Dataset> | 'bad split' {
  const s = sniff(bytes.subarray(0, 65536), bytes.length > 65536);
  if (!s.ok) return s;
  const opts = builderOptions(s.value, bytes.length);
  const starts = [0];
  for (const o of offsets) {
    const i = bytes.indexOf(0x0a, Math.max(o, starts[starts.length - 1]));
    if (i >= 0 && i + 1 < bytes.length && i + 1 > starts[starts.length - 1]) starts.push(i + 1);
  }
  const cols = opts.names.length;
  const [vals, kinds] = allocateCells(starts.length * roomRows * cols) as [Float64Array, Uint8Array];
  const segments: SegmentResult[] = [];
  let line = 1;
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1] : bytes.length;
    const job = {
      delimiter: s.value.delimiter,
      segment: k === 0 ? segmentOptions(opts) : { ...segmentOptions(opts), skipRecords: 0 },
      region: { vals, kinds, offset: k * roomRows * cols, capacity: roomRows * cols },
      fileStart: k === 0 ? s.value.encoding : null,
      last: k === starts.length - 1,
      firstLine: line,
    };
    const reader = new ChunkReader(job);
    // In pieces of 7 bytes: state carries across pieces.
    for (let at = starts[k]; at < end; at += 7) reader.feed(bytes.subarray(at, Math.min(end, at + 7)));
    const o = reader.end();
    if (!o.ok) return 'error' in o ? { ok: false, error: o.error } : 'bad split';
    if (!o.atRecordStart && k < starts.length - 1) return 'bad split';
    if (o.segment.skipRecordsLeft > 0 && k < starts.length - 1) return 'bad split';
    // Lines: this test gives each chunk its true first line, so finishSegments must count from 1 again.
    segments.push({ ...o.segment, firstDataLine: o.segment.firstDataLine && o.segment.firstDataLine - line + 1, notes: o.segment.notes.map((n) => ({ ...n, line: n.line - line + 1 })), columns: o.segment.columns.map((c) => ({ ...c, textSamples: c.textSamples.map((t) => ({ ...t, line: t.line - line + 1 })) })) });
    line += o.segment.lines;
  }
  try {
    return { ok: true, value: finishSegments(opts, segments) };
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.error };
    throw e;
  }
}

function bits(r: Result<Dataset>): unknown {
  if (!r.ok) return r;
  const d = r.value;
  return {
    ...d,
    values: Array.from(new Uint32Array(d.values.buffer, 0, d.rows * d.cols * 2)),
    missing: Array.from(d.missing),
  };
}

describe('ChunkReader + finishSegments', () => {
  const text =
    'city,temp,kind\n' +
    Array.from({ length: 120 }, (_, r) => `${r % 9 === 4 ? '"New\nYork"' : `c${r % 13}`},${r % 17 === 3 ? 'n/a' : r % 23 === 5 ? 'warm' : (r * 0.37 - 11).toFixed(2)},${r % 3 === 0 ? 'x' : r % 3 === 1 ? '2' : 'y'}`).join('\n') +
    '\n';
  const bytes = enc.encode(text);

  it('joins chunks split at every line end into the single-pass dataset, bit for bit, with regions left partly empty', async () => {
    const want = bits(await single(bytes));
    let joined = 0;
    for (let p = 0; p < bytes.length; p += 3) {
      const got = chunked(bytes, [p, p + 400, p + 900], 200);
      if (got === 'bad split') continue;
      joined++;
      expect(bits(got), `split at ${p}`).toEqual(want);
    }
    expect(joined).toBeGreaterThan(bytes.length / 6);
  });

  it('joins chunks that outgrew their regions (copied into new buffers) the same way', async () => {
    const want = bits(await single(bytes));
    const got = chunked(bytes, [300, 1200, 2000], 3);
    expect(got).not.toBe('bad split');
    expect(bits(got as Result<Dataset>)).toEqual(want);
  });

  it('says a chunk that began inside a quoted field ended inside a record', () => {
    const quoted = enc.encode('a,b\n1,"x\ny"\n2,z\n');
    // The split lands after the \n inside the quotes.
    expect(chunked(quoted, [6], 10)).toBe('bad split');
    expect(chunked(quoted, [10], 10)).not.toBe('bad split');
  });
});
