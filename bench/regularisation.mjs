// Do dropout or L2 weight decay beat today's defaults on the bundled samples? Each sample is trained with the
// built CLI (`node out/main/cli.js train … --cv 5 --json`, so run `npm run build` first) three ways, same seed:
//   defaults      the Training tab's and the CLI's defaults (100:relu,100:relu, Adam, batch 32, early stopping 5)
//   dropout 0.2   the same with a Dropout(0.2) after each hidden layer
//   decay 1e-4    the same with --weight-decay 1e-4
// The held-out score is the network's mean ± sample sd over the 5 folds' held-out rows (accuracy for classes,
// R² for regression; early stopping inside a fold watches that fold's held-out rows, the same for all three).
// Prints a Markdown table. Usage: node bench/regularisation.mjs [--skip flights_200k] [--folds 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const skip = new Set(args.flatMap((a, k) => (args[k - 1] === '--skip' ? a.split(',') : [])));
const foldsAt = args.indexOf('--folds');
const folds = foldsAt >= 0 ? Number(args[foldsAt + 1]) : 5;
const out = join(mkdtempSync(join(tmpdir(), 'dense-lab-bench-')), 'model.dlmodel.json');

/** Sample, target and the inputs when not every other column (seattle_weather's date is not an input). */
const samples = [
  { file: 'diabetes.csv', target: 'progression' },
  { file: 'iris.csv', target: 'species' },
  { file: 'breast_cancer.csv', target: 'malignant' },
  { file: 'digits.csv', target: 'digit' },
  { file: 'penguins.csv', target: 'species', extra: ['--missing', 'impute-mean'] },
  { file: 'seattle_weather.csv', target: 'weather', extra: ['--inputs', 'precipitation,temp_max,temp_min,wind'] },
  { file: 'cps85_wages.csv', target: 'wage_per_hour' },
  { file: 'flights_200k.csv', target: 'delay' },
];
const variants = [
  { label: 'defaults', extra: [] },
  { label: 'dropout 0.2', extra: ['--layers', '100:relu,dropout:0.2,100:relu,dropout:0.2'] },
  { label: 'decay 1e-4', extra: ['--weight-decay', '1e-4'] },
];

/** The fold metric a person reads: accuracy for classes, R² for a number (loss when neither is there). */
function score(mean, sd) {
  for (const key of ['accuracy', 'r2']) if (typeof mean.network[key] === 'number') return { key, network: mean.network[key], sd: sd.network[key], baseline: mean.baseline[key] };
  return { key: 'loss', network: mean.network.loss, sd: sd.network.loss, baseline: mean.baseline.loss };
}

function train(sample, variant) {
  const argv = ['out/main/cli.js', 'train', '--data', `samples/${sample.file}`, '--target', sample.target, '--seed', '1', '--cv', String(folds),
    '--out', out, '--json', ...(sample.extra ?? []), ...variant.extra];
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) return { error: run.stderr.trim().split('\n')[0] ?? `exit ${run.status}` };
  const { cv } = JSON.parse(run.stdout);
  return { ...score(cv.mean, cv.sd), seconds };
}

const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));
const rows = [];
console.log(`| sample | metric (${folds}-fold mean ± sd) | ${variants.map((v) => v.label).join(' | ')} | linear/logistic baseline | best |`);
console.log(`| --- | --- | ${variants.map(() => '---').join(' | ')} | --- | --- |`);
for (const sample of samples) {
  if (skip.has(sample.file.replace(/\.csv$/, ''))) continue;
  const results = variants.map((v) => train(sample, v));
  const good = results.filter((r) => !r.error);
  const key = good[0]?.key ?? '—';
  const higherIsBetter = key !== 'loss';
  const best = good.length ? variants[results.indexOf(good.reduce((a, b) => ((higherIsBetter ? b.network > a.network : b.network < a.network) ? b : a)))].label : '—';
  const cells = results.map((r) => (r.error ? `error: ${r.error}` : `${fmt(r.network)} ± ${fmt(r.sd)}`));
  const line = `| ${sample.file} | ${key} | ${cells.join(' | ')} | ${good[0] ? fmt(good[0].baseline) : '—'} | ${best} |`;
  rows.push(line);
  console.log(line);
}
