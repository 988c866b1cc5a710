/**
 * `dependence`, `interactions` and `importance`, run in-process on data generated here: y = x1·x2 + x3 + noise with a
 * pure-noise column and a category, a network trained by `train` (which saves its linear baseline), and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../../src-main/cli/commands';
import { dependenceCommand } from '../../../src-main/cli/dependence';
import { importanceCommand } from '../../../src-main/cli/importance';
import { interactionsCommand } from '../../../src-main/cli/interactions';
import { trainCommand } from '../../../src-main/cli/train';
import { createRandom } from '../../../src-shared/nn/random';
import { runCommand } from './run-command';

let dir: string;
let csv: string;
let model: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-analysis-cli-'));
  const random = createRandom(9);
  const lines = ['x1,x2,x3,noise,kind,y'];
  for (let r = 0; r < 1000; r++) {
    const [x1, x2, x3, noise] = [0, 0, 0, 0].map(() => random.uniform(-2, 2));
    lines.push([x1, x2, x3, noise, r % 3 === 0 ? 'a' : 'b', x1 * x2 + x3 + 0.1 * random.nextNormal()].join(','));
  }
  csv = join(dir, 'xy.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  model = join(dir, 'xy.dlmodel.json');
  const trained = await runCommand(trainCommand, '--data', csv, '--target', 'y', '--inputs', 'x1,x2,x3,noise', '--layers', '24:tanh,12:tanh', '--epochs', '80', '--lr', '0.01', '--seed', '3', '--validation', '0', '--early-stopping', 'off', '--out', model);
  if (trained.code !== 0) throw new Error(trained.stderr);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = <T>(stdout: string) => JSON.parse(stdout) as T;
type Pairs = { pairs: { a: string; b: string; h: number }[]; rows: number };

describe('analysis commands', () => {
  it('are registered in the command table', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['dependence', 'interactions', 'importance']));
  });

  it('interactions: (x1, x2) first with a large H, pairs with x3 near 0; --baseline (saved by train): every H 0', async () => {
    const r = await runCommand(interactionsCommand, '--model', model, '--data', csv, '--sample', '60', '--seed', '2', '--json');
    expect(r.code).toBe(0);
    const out = json<Pairs>(r.stdout);
    expect(out.rows).toBe(60);
    expect([out.pairs[0].a, out.pairs[0].b]).toEqual(['x1', 'x2']);
    expect(out.pairs[0].h).toBeGreaterThan(0.8);
    for (const p of out.pairs.filter((q) => q.a === 'x3' || q.b === 'x3')) expect(p.h).toBeLessThan(0.15);
    expect(out.pairs.map((p) => p.h)).toEqual([...out.pairs.map((p) => p.h)].sort((a, b) => b - a));
    const base = await runCommand(interactionsCommand, '--model', model, '--data', csv, '--sample', '60', '--baseline', '--json');
    expect(base.code).toBe(0);
    expect(base.stderr).toBe('interactions: baseline: the linear fit training saved in the model file\n');
    for (const p of json<Pairs>(base.stdout).pairs) expect(p.h).toBeLessThan(1e-6);
  }, 60_000);

  it('dependence of x1 by x2 groups: lines not parallel for the network, parallel for the baseline', async () => {
    type Pd = { feature: string; by: string; x: number[]; lines: { group: string; y: number[] }[]; interaction: number };
    const r = await runCommand(dependenceCommand, '--model', model, '--data', csv, '--feature', 'x1', '--by', 'x2', '--groups', '3', '--grid', '5', '--sample', '300', '--json');
    expect(r.code).toBe(0);
    const pd = json<Pd>(r.stdout);
    expect(pd.feature).toBe('x1');
    expect(pd.by).toBe('x2');
    expect(pd.x).toHaveLength(5);
    expect(pd.lines).toHaveLength(3);
    // slope of x1's line ≈ the group's x2: negative for the low group, positive for the high one
    const slope = (y: number[]) => (y[4] - y[0]) / (pd.x[4] - pd.x[0]);
    expect(slope(pd.lines[0].y)).toBeLessThan(-0.5);
    expect(slope(pd.lines[2].y)).toBeGreaterThan(0.5);
    const base = json<Pd>((await runCommand(dependenceCommand, '--model', model, '--data', csv, '--feature', 'x1', '--by', 'x2', '--grid', '5', '--baseline', '--json')).stdout);
    const s0 = (base.lines[0].y[4] - base.lines[0].y[0]) / (base.x[4] - base.x[0]);
    for (const l of base.lines) expect((l.y[4] - l.y[0]) / (base.x[4] - base.x[0])).toBeCloseTo(s0, 10);
  }, 60_000);

  it('importance: the noise column near 0 and last; sorted by drop; same seed, same numbers', async () => {
    type Imp = { metric: string; features: { name: string; drop: number; sd: number }[] };
    const args = ['--model', model, '--data', csv, '--target', 'y', '--repeats', '3', '--seed', '4', '--json'];
    const r = await runCommand(importanceCommand, ...args);
    expect(r.code).toBe(0);
    const imp = json<Imp>(r.stdout);
    expect(imp.metric).toBe('r2');
    expect(imp.features.at(-1)!.name).toBe('noise');
    expect(Math.abs(imp.features.at(-1)!.drop)).toBeLessThan(0.02);
    expect(imp.features.map((f) => f.drop)).toEqual([...imp.features.map((f) => f.drop)].sort((a, b) => b - a));
    expect((await runCommand(importanceCommand, ...args)).stdout).toBe(r.stdout);
  }, 60_000);

  it('bad input: one line naming what, exit 2', async () => {
    const cases: [typeof dependenceCommand, string[], string][] = [
      [dependenceCommand, ['--feature', 'nope'], "dense-lab dependence: --feature 'nope': the data has no column of that name.\n"],
      [dependenceCommand, ['--feature', 'x1', '--by', 'kind'], "dense-lab dependence: --by 'kind' is not one of the model's inputs (x1, x2, x3, noise).\n"],
      [dependenceCommand, ['--feature', 'x1', '--by', 'x2', '--groups', '1'], "dense-lab dependence: --groups must be a whole number from 2 to 5, got '1'\n"],
      [importanceCommand, ['--target', 'z'], "dense-lab importance: --target 'z': the data has no column of that name.\n"],
      [interactionsCommand, ['--sample', 'ten'], "dense-lab interactions: --sample must be a whole number from 2 to 5000, got 'ten'\n"],
      [interactionsCommand, ['--class', 'a'], "dense-lab interactions: The model predicts 'y', a number; a class applies to classifiers only.\n"],
    ];
    for (const [command, extra, message] of cases) {
      const r = await runCommand(command, '--model', model, '--data', csv, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
    }
    // a categorical X, and a model whose inputs are not in the file
    const catCsv = join(dir, 'cat.csv');
    writeFileSync(catCsv, 'x1,x2,x3,noise,y\na,1,2,3,4\nb,2,3,4,5\n');
    const cat = await runCommand(dependenceCommand, '--model', model, '--data', catCsv, '--feature', 'x1');
    expect(cat.code).toBe(2);
    expect(cat.stderr.trim().split('\n')).toHaveLength(1);
    expect(cat.stderr).toMatch(/x1/);
    const missing = join(dir, 'missing.csv');
    writeFileSync(missing, 'x1,x2,noise,y\n1,2,3,4\n');
    const m = await runCommand(interactionsCommand, '--model', model, '--data', missing);
    expect(m.code).toBe(2);
    expect(m.stderr).toBe("dense-lab interactions: The model needs an input column 'x3', but the dataset has no column of that name.\n");
  }, 60_000);
});
