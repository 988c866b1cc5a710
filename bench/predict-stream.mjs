#!/usr/bin/env node
/**
 * Streaming predict: peak RSS and rows/s of `dense-lab predict --stream` at 1, 5 and 20 million rows (the course's
 * 10 → 100 → 100 → 1 network on the 11-column file of predict-e2e.mjs, about 92 bytes a row: 20 M rows ≈ 1.9 GB),
 * beside the in-memory path on the 1 M-row file in the same run (rows/s ratio; the machine is shared, so only
 * figures of one run compare). The 5 M and 20 M files repeat the 1 M file's rows (generated once, seeded). Files go
 * to a temporary folder under os.tmpdir(), removed at the end (--keep keeps them). `npm run build` first.
 *
 * Usage: node bench/predict-stream.mjs [--rows 1,5,20] (millions) [--runs N] [--workers N] [--keep] [--json]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './lib/random.mjs';
import { median } from './lib/stats.mjs';
import { modelFile, parseSummary, runCli, writeCsv } from './predict-e2e.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};

/** `base`'s data rows `times` times after its header, into `path`. */
async function repeatRows(base, path, times) {
  const out = createWriteStream(path);
  let first = true;
  for (let k = 0; k < times; k++) {
    const input = createReadStream(base);
    let skipHeader = !first;
    for await (const chunk of input) {
      let piece = chunk;
      if (skipHeader) {
        piece = chunk.subarray(chunk.indexOf(0x0a) + 1);
        skipHeader = false;
      }
      if (!out.write(piece)) await once(out, 'drain');
    }
    first = false;
  }
  out.end();
  await once(out, 'finish');
}

/** Measure the streaming path at each size (and the in-memory path at the smallest); returns the table rows. */
export async function measureStreaming({ millions = [1, 5, 20], runs = 1, rateRuns = runs, workers, log = console.error } = {}) {
  // The smallest size is generated; the others repeat its rows (whole multiples of it).
  const baseRows = Math.round(millions[0] * 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'dense-lab-stream-bench-'));
  const table = [];
  try {
    const rand = seeded(42);
    const model = join(dir, 'k1.dlmodel.json');
    const base = join(dir, 'rows-base.csv');
    await writeCsv(base, baseRows, rand);
    writeFileSync(model, JSON.stringify(modelFile(rand)));
    const out = join(dir, 'out.csv');
    const workerArgs = workers ? ['--workers', String(workers)] : [];
    // Runs of each path in `ways`, round by round (in memory, then streaming, …), so a busy machine slows both alike.
    const runAlternating = async (data, rows, ways, rounds) => {
      const seen = ways.map(() => ({ seconds: [], rss: 0, split: null }));
      for (let k = 0; k < rounds; k++) {
        for (const [w, stream] of ways.entries()) {
          const r = await runCli(['predict', '--model', model, '--data', data, '--out', out, ...workerArgs, ...(stream ? ['--stream'] : [])]);
          seen[w].seconds.push(r.seconds);
          seen[w].rss = Math.max(seen[w].rss, r.rss);
          seen[w].split = parseSummary(r.stdout);
        }
      }
      rmSync(out, { force: true });
      return ways.map((stream, w) => {
        const wall = median(seen[w].seconds);
        return { path: stream ? 'stream' : 'in memory', rows, 'file MB': Math.round(statSync(data).size / 1e6), 'wall s': wall.toFixed(2), 'rows/s': Math.round(rows / wall), 'peak RSS MB': Math.round(seen[w].rss / 1e6), kernel: seen[w].split?.kernel };
      });
    };
    for (const m of millions) {
      const rows = Math.round(m * 1_000_000);
      const data = rows === baseRows ? base : join(dir, `rows-${m}m.csv`);
      if (data !== base) {
        log(`generating ${m} M rows …`);
        await repeatRows(base, data, Math.round(rows / baseRows));
      }
      if (m === millions[0]) {
        log(`${m} M rows, in memory and streaming, ${rateRuns} alternating rounds …`);
        table.push(...(await runAlternating(data, rows, [false, true], rateRuns)));
      } else {
        log(`${m} M rows, streaming …`);
        table.push(...(await runAlternating(data, rows, [true], runs)));
      }
      if (data !== base) rmSync(data, { force: true });
    }
  } finally {
    if (process.argv.includes('--keep')) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return table;
}

async function main() {
  const millions = arg('rows', '1,5,20').split(',').map(Number);
  const table = await measureStreaming({ millions, runs: Number(arg('runs', '1')), workers: arg('workers', undefined) });
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(table)}\n`);
    return;
  }
  console.table(table);
  const memory = table.find((t) => t.path === 'in memory');
  const stream = table.find((t) => t.path === 'stream' && t.rows === memory?.rows);
  if (memory && stream) console.log(`streaming at ${(stream['rows/s'] / memory['rows/s']).toFixed(2)}× the in-memory path's rows/s on the same ${memory.rows.toLocaleString('en-US')} rows (same run)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
