#!/usr/bin/env node
/**
 * Scoring a CSV with a model exported by `dense-lab export-model --format onnx`, using onnxruntime-web only
 * (WebAssembly: the same code runs in Node, a browser, or a worker of a distributed engine).
 *
 *   node examples/score-onnx.mjs model.onnx data.csv col1,col2,…  > scores.csv
 *
 * The columns are the model's inputs in order, as `export-model` prints them; a one-hot input appears as one
 * `name=category` column per category (1 when the cell equals the category). The exported graph does the input
 * scaling and the output unscaling itself, so raw cell values go in and predictions in the target's units come
 * out. Rows are scored in batches of `BATCH`; an empty or non-numeric cell gives an empty output row.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const BATCH = 4096;

/** Split a CSV into rows of cells (double-quoted cells may hold commas and doubled quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quoted) {
      if (ch === '"' && text[k + 1] === '"') (cell += '"'), k++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[k + 1] === '\n') k++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** Score CSV text: returns one array of outputs per data row (null where a cell was empty or not a number). */
export async function scoreCsv(onnxBytes, csvText, columns) {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(onnxBytes);
  const [header, ...rows] = parseCsv(csvText).filter((r) => r.length > 1 || r[0] !== '');
  const feature = columns.map((c) => {
    const [name, category] = c.includes('=') && !header.includes(c) ? c.split(/=(.*)/s) : [c, undefined];
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`the CSV has no column ${name}`);
    return (row) => (category !== undefined ? (row[at] === category ? 1 : 0) : row[at].trim() === '' ? NaN : Number(row[at]));
  });
  const out = new Array(rows.length).fill(null);
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH).map((row, k) => ({ k: start + k, x: feature.map((f) => f(row)) })).filter((r) => r.x.every(Number.isFinite));
    if (batch.length === 0) continue;
    const input = new ort.Tensor('float32', Float32Array.from(batch.flatMap((r) => r.x)), [batch.length, columns.length]);
    const result = (await session.run({ [session.inputNames[0]]: input }))[session.outputNames[0]];
    const units = result.dims[1];
    batch.forEach((r, n) => (out[r.k] = Array.from(result.data.subarray(n * units, (n + 1) * units))));
  }
  await session.release();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [model, data, columns] = process.argv.slice(2);
  if (!columns) {
    console.error('usage: node examples/score-onnx.mjs model.onnx data.csv col1,col2,…');
    process.exit(2);
  }
  const scores = await scoreCsv(readFileSync(model), readFileSync(data, 'utf8'), columns.split(','));
  process.stdout.write(['output', ...scores.map((s) => (s ? s.join(';') : ''))].join('\n') + '\n');
}
