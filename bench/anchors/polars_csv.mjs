// CSV → float64 columns with nodejs-polars (a bench-only peer in bench/peers, installed by `npm run bench`, never by the app): seconds per
// read as one JSON line, like csv_read.py. Usage: node polars_csv.mjs FILE RUNS
// Each read is pl.readCSV(FILE) with polars' defaults (schema inferred from the start of the file, every
// thread polars sees; POLARS_MAX_THREADS=1 and taskset make the one-core figure). Exits 3 with one line
// on stderr when nodejs-polars cannot be loaded here (other platforms: its native package is Linux x64 glibc).
import { createRequire } from 'node:module';

const [path, runsText] = process.argv.slice(2);
// resolved from bench/peers (bench/peers/install.mjs installs it there)
const require = createRequire(new URL('../peers/package.json', import.meta.url));
let pl;
try {
  pl = require('nodejs-polars');
} catch (e) {
  process.stderr.write(`nodejs-polars not loadable on ${process.platform}-${process.arch}: ${String(e.message).split('\n')[0]}\n`);
  process.exit(3);
}
const version = require('nodejs-polars/package.json').version;
const seconds = [];
let shape = null;
for (let k = 0; k < Number(runsText || 3); k++) {
  const t = performance.now();
  const df = pl.readCSV(path);
  seconds.push((performance.now() - t) / 1000);
  shape = [df.height, df.width];
  if (!df.dtypes.every((d) => String(d) === 'DataType(Float64)')) throw new Error(`polars read non-float columns: ${df.dtypes.join(', ')}`);
}
process.stdout.write(`${JSON.stringify({ seconds, shape, version, threads: process.env.POLARS_MAX_THREADS ?? 'all', peakRss: process.resourceUsage().maxRSS * 1024 })}\n`);
