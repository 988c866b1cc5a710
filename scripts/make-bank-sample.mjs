/**
 * Writes samples/bank_transactions.csv: the course's opening picture as data. Monthly bank transactions of 1,000
 * made-up customers from their balance, age and whether they are retired, with a real interaction: transactions
 * rise with the balance for people who work (0.6 more per 1,000 of balance) and hardly for retired people (0.1),
 * so a network's interaction plot of transactions vs balance by retired draws non-parallel lines where a linear
 * model draws parallel ones. Deterministic: the engine's seeded generator (src-shared/nn/random.ts), seed 13.
 *
 *   balance       log-normal around 8,000 (σ 0.8 on the log), at most 60,000, 2 decimals
 *   age           whole years, uniform 18–90
 *   retired       yes/no: P(yes) 0.95 from 67, 0.3 from 55, else 0.02
 *   transactions  round(max(0, base + slope·balance/1000 − 0.05·(age − 45) + N(0, 2²))):
 *                 working: base 8, slope 0.6; retired: base 6, slope 0.1
 *
 * Usage: node scripts/make-bank-sample.mjs [out=samples/bank_transactions.csv] [rows=1000] [seed=13]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', 'samples', 'bank_transactions.csv'));
const rows = Number(process.argv[3] ?? 1000);
const seed = Number(process.argv[4] ?? 13);
const { createRandom } = await tsImport('../src-shared/nn/random.ts', import.meta.url);
const random = createRandom(seed);

const lines = ['balance,age,retired,transactions'];
for (let r = 0; r < rows; r++) {
  const balance = Math.min(60000, Math.exp(Math.log(8000) + 0.8 * random.nextNormal()));
  const age = 18 + random.nextInt(73);
  const pRetired = age >= 67 ? 0.95 : age >= 55 ? 0.3 : 0.02;
  const retired = random.nextFloat() < pRetired;
  const [base, slope] = retired ? [6, 0.1] : [8, 0.6];
  const transactions = Math.max(0, Math.round(base + (slope * balance) / 1000 - 0.05 * (age - 45) + 2 * random.nextNormal()));
  lines.push(`${balance.toFixed(2)},${age},${retired ? 'yes' : 'no'},${transactions}`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${out}: ${rows} rows (seed ${seed})`);
