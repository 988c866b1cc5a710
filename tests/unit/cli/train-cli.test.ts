/** `dense-lab train`, run in-process through the command's run() with captured output (the worker is real). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainCommand, parseLayers } from '../../../src-main/cli/train';
import { commands } from '../../../src-main/cli/commands';
import { runCommand } from './run-command';
import { readModelFile } from '../../../src-shared/model-file/read';

const repoRoot = resolve(import.meta.dirname, '../../..');
const iris = resolve(repoRoot, 'samples/iris.csv');
const diabetes = resolve(repoRoot, 'samples/diabetes.csv');
const diabetesSample = diabetes;
const irisSample = iris;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-train-cli-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Run the train command (see run-command.ts). */
const run = (...argv: string[]) => runCommand(trainCommand, ...argv);

describe('train CLI', () => {
  it('is registered in the command table', () => {
    expect(commands.map((c) => c.name)).toContain('train');
  });

  it('trains with defaults, says the inferred task on stderr, prints one line per epoch and saves a valid model', async () => {
    const out = join(dir, 'iris.dlmodel.json');
    const r = await run('--data', iris, '--target', 'species', '--epochs', '3', '--early-stopping', 'off', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('task multiclass classification (3 classes)');
    const epochLines = r.stdout.split('\n').filter((l) => l.startsWith('epoch '));
    expect(epochLines).toHaveLength(3);
    expect(epochLines[0]).toMatch(/^epoch 1\/3 {2}loss \d+\.\d{4} {2}accuracy \d\.\d{4} {2}val_loss/);
    expect(r.stdout).toContain('baseline (logistic)');
    expect(readModelFile(readFileSync(out, 'utf8')).ok).toBe(true);
  }, 30000);

  it('--json prints exactly one JSON object on stdout: plan, history and final metrics', async () => {
    const out = join(dir, 'diabetes.dlmodel.json');
    const r = await run('--data', diabetes, '--target', 'progression', '--layers', '16:tanh', '--epochs', '2', '--json', '--out', out);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { plan: { task: string }; history: unknown[]; final: { validation: { r2: number } }; baseline: { validation: { r2: number } } };
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.plan.task).toBe('regression');
    expect(report.history).toHaveLength(2);
    expect(typeof report.final.validation.r2).toBe('number');
    expect(typeof report.baseline.validation.r2).toBe('number');
    expect(r.stderr).toContain('epoch 2/2');
  }, 30000);

  it('the same command twice writes byte-identical model files', async () => {
    const a = join(dir, 'a.dlmodel.json');
    const b = join(dir, 'b.dlmodel.json');
    const args = ['--data', iris, '--target', 'species', '--epochs', '2', '--layers', '8:relu', '--seed', '5'];
    expect((await run(...args, '--out', a)).code).toBe(0);
    expect((await run(...args, '--out', b)).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  }, 30000);

  it.each([
    [['--target', 'species', '--out', 'x.json'], 'missing --data'],
    [['--data', iris, '--target', 'species', '--out', 'x.json', '--layers', '10:banana'], "unknown activation 'banana'"],
    [['--data', iris, '--target', 'species', '--out', 'x.json', '--epochs', 'many'], '--epochs must be a whole number'],
    [['--data', iris, '--target', 'species', '--out', 'x.json', '--validation', '1.5'], '--validation must be a fraction'],
    [['--data', iris, '--target', 'species', '--out', 'x.json', '--task', 'ranking'], '--task must be regression, binary or multiclass'],
    [['--data', iris, '--target', 'colour', '--out', 'x.json'], "no column 'colour'"],
    [['--data', join(repoRoot, 'no-such.csv'), '--target', 'y', '--out', 'x.json'], '--data'],
    [['--data', iris, '--target', 'species', '--out', iris], 'Refusing to write the model over the input file'],
  ])('bad input %j exits 2 saying what to change', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('dense-lab'))).toHaveLength(1);
  }, 30000);

  it('leaves the input file untouched when refusing to overwrite it', async () => {
    const copy = join(dir, 'iris-copy.csv');
    writeFileSync(copy, readFileSync(iris));
    await run('--data', copy, '--target', 'species', '--epochs', '1', '--out', copy);
    expect(readFileSync(copy).equals(readFileSync(iris))).toBe(true);
    expect(existsSync(`${copy}.${process.pid}.tmp`)).toBe(false);
  }, 30000);

  it('parses --layers: units, activation, optional alpha; "none" means no hidden layer', () => {
    expect(parseLayers('100:relu,50:leaky_relu:0.1,8')).toEqual([
      { units: 100, activation: 'relu' },
      { units: 50, activation: 'leaky_relu', alpha: 0.1 },
      { units: 8, activation: 'relu' },
    ]);
    expect(parseLayers('none')).toEqual([]);
  });

  it('parses dropout entries onto the layer before them and refuses one without a dense layer before it', () => {
    expect(parseLayers('64:relu,dropout:0.2,32:tanh')).toEqual([{ units: 64, activation: 'relu', dropout: 0.2 }, { units: 32, activation: 'tanh' }]);
    expect(() => parseLayers('dropout:0.2,4:relu')).toThrow(/must follow a dense layer/);
    expect(() => parseLayers('4:relu,dropout:1')).toThrow(/rate from 0 to below 1/);
  });

  it('trains with dropout, Huber loss, weight decay and 3-fold cross-validation, reporting cv in --json', async () => {
    const out = join(dir, 'cv.dlmodel.json');
    const argv = ['--data', diabetesSample, '--target', 'progression', '--layers', '16:relu,dropout:0.2,8:relu', '--loss', 'huber', '--weight-decay', '0.001', '--cv', '3', '--epochs', '4', '--json', '--out', out];
    const r = await run(...argv);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { cv: { folds: { network: { r2: number } }[]; mean: { network: { r2: number }; baseline: { r2: number } }; sd: { network: { r2: number } } } };
    expect(report.cv.folds).toHaveLength(3);
    const r2s = report.cv.folds.map((f) => f.network.r2);
    expect(report.cv.mean.network.r2).toBeCloseTo(r2s.reduce((a, b) => a + b, 0) / 3, 12);
    expect(report.cv.sd.network.r2).toBeGreaterThan(0);
    expect(typeof report.cv.mean.baseline.r2).toBe('number');
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('{"type": "dropout", "rate": 0.2}');
    expect(text).toContain('"loss": "huber"');
    const again = join(dir, 'cv-again.dlmodel.json');
    expect((await run(...argv.slice(0, -1), again)).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('refuses a regression loss for a classification target before training, with the reason', async () => {
    const r = await run('--data', irisSample, '--target', 'species', '--loss', 'huber', '--out', join(dir, 'no.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("The loss huber is for regression; 'species' is a multiclass target");
    expect(r.stdout).not.toContain('epoch 1/');
  });
});
