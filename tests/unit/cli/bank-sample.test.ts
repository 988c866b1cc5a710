/**
 * The course's opening picture on the bundled sample samples/bank_transactions.csv (scripts/make-bank-sample.mjs):
 * a network trained with `train`'s defaults draws non-parallel lines of transactions vs balance by retired, its
 * linear baseline parallel ones — checked through `dependence --json`, as a script would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dependenceCommand } from '../../../src-main/cli/dependence';
import { trainCommand } from '../../../src-main/cli/train';
import { runCommand } from './run-command';

const csv = resolve(import.meta.dirname, '../../../samples/bank_transactions.csv');
let dir: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-bank-'));
  model = join(dir, 'bank.dlmodel.json');
  const trained = await runCommand(trainCommand, '--data', csv, '--target', 'transactions', '--out', model);
  if (trained.code !== 0) throw new Error(trained.stderr);
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Dependence = { feature: string; by: string; x: number[]; lines: { group: string; y: number[] }[]; interaction: number };

async function dependence(...extra: string[]): Promise<Dependence> {
  const r = await runCommand(dependenceCommand, '--model', model, '--data', csv, '--feature', 'balance', '--by', 'retired', '--json', ...extra);
  expect(r.stderr.startsWith('dense-lab') ? r.stderr : '').toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Dependence;
}

/** How much line `group` rises from the grid's first point to its last at or below `upTo` (default: the whole grid). */
const rise = (d: Dependence, group: string, upTo = Infinity) => {
  const y = d.lines.find((l) => l.group === group)!.y;
  const last = d.x.filter((x) => x <= upTo).length - 1;
  return y[last] - y[0];
};

describe('bank_transactions sample: transactions vs balance by retired', () => {
  it('is the file the README lists, with the columns the course names', () => {
    const text = readFileSync(csv, 'utf8');
    expect(text.split('\n')[0]).toBe('balance,age,retired,transactions');
    expect(text.trim().split('\n')).toHaveLength(1001);
    const readme = readFileSync(resolve(import.meta.dirname, '../../../samples/README.md'), 'utf8');
    expect(readme).toMatch(/^\| bank_transactions\.csv \| 1000 × 4 \| transactions \| regression \|/m);
  });

  it('the network (train defaults) draws non-parallel lines: transactions rise with balance for workers, hardly for retired people', async () => {
    const d = await dependence();
    expect(d.lines.map((l) => l.group).sort()).toEqual(['no', 'yes']);
    // generated slopes: 0.6 vs 0.1 per 1,000 of balance, i.e. interaction ≈ 0.34 for straight lines
    expect(d.interaction).toBeGreaterThan(0.15);
    // where most rows are (balance ≤ 20,000, about the 92nd percentile; retired rows above it are few, so the network
    // extrapolates there): generated rises 12 vs 2
    expect(rise(d, 'no', 20000)).toBeGreaterThan(2.5 * rise(d, 'yes', 20000));
    expect(rise(d, 'no', 20000)).toBeGreaterThan(6);
    expect(rise(d, 'no')).toBeGreaterThan(rise(d, 'yes') + 10);
  }, 60_000);

  it('the linear baseline (saved by train) draws parallel lines: they differ by one constant', async () => {
    const d = await dependence('--baseline');
    expect(d.interaction).toBeLessThan(1e-12);
    const [a, b] = d.lines.map((l) => l.y);
    const gap = a.map((v, k) => v - b[k]);
    for (const g of gap) expect(Math.abs(g - gap[0])).toBeLessThan(1e-9 * (1 + Math.abs(gap[0])));
    expect(rise(d, 'no')).toBeCloseTo(rise(d, 'yes'), 9);
  }, 60_000);
});
