import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictCommand } from '../../../src-main/cli/predict';
import type { CliIo } from '../../../src-main/cli/command';
import { readModelFile } from '../../../src-shared/model-file/read';
import { writeModelFile } from '../../../src-shared/model-file/write';
import { modelFile, seeded } from '../workers/reference';

let dir: string;
let dataPath: string;
const model = (() => {
  const rand = seeded(1616);
  const w = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rand() * 2 - 1));
  return modelFile([{ name: 'a' }, { name: 'b' }, { name: 'c' }], { name: 'y', task: 'regression' }, [
    { units: 9, activation: 'relu', kernel: w(3, 9), bias: w(1, 9)[0] },
    { units: 1, activation: 'linear', kernel: w(9, 1), bias: [0.1] },
  ]);
})();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-arithmetic-'));
  dataPath = join(dir, 'rows.csv');
  const rand = seeded(7);
  const lines = ['a,b,c'];
  for (let r = 0; r < 200; r++) lines.push([rand(), rand(), rand()].map((v) => (v * 10 - 5).toFixed(6)).join(','));
  writeFileSync(dataPath, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) > 0, isTTY: false } as unknown as CliIo['stdout'],
    stderr: { write: (s: string) => err.push(s) > 0, isTTY: false } as unknown as CliIo['stderr'],
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Runs predict; returns the prediction column and the summary line. */
async function predict(file: object, extra: string[] = []): Promise<{ values: number[]; summary: string }> {
  const modelPath = join(dir, `m${Math.random().toString(36).slice(2)}.dlmodel.json`);
  writeFileSync(modelPath, JSON.stringify(file));
  const out = join(dir, 'out.csv');
  const cli = io();
  const code = await predictCommand.run(['--model', modelPath, '--data', dataPath, '--out', out, '--workers', '2', ...extra], cli);
  expect(cli.err()).toBe('');
  expect(code).toBe(0);
  const values = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[3]));
  return { values, summary: cli.out() };
}

describe('float32 arithmetic: the model file\'s "arithmetic" and predict --arithmetic', () => {
  it('the model file keeps "arithmetic" through write and read, and refuses another value in one sentence', () => {
    const text = writeModelFile({ ...model, arithmetic: 'float32' });
    expect(text).toContain('"arithmetic": "float32"');
    const back = readModelFile(text);
    expect(back.ok && back.value.arithmetic).toBe('float32');
    const bad = readModelFile(text.replace('"arithmetic": "float32"', '"arithmetic": "float16"'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/arithmetic must be "float64" or "float32", got/);
  });

  it('a float32 model predicts in float32 (said in the summary), close to float64 but not equal; --arithmetic overrides either way', async () => {
    const exact = await predict(model);
    expect(exact.summary).not.toContain('float32');
    const fast = await predict({ ...model, arithmetic: 'float32' });
    expect(fast.summary).toMatch(/, float32\)/);
    const flagged = await predict(model, ['--arithmetic', 'float32']);
    expect(flagged.values).toEqual(fast.values);
    const back = await predict({ ...model, arithmetic: 'float32' }, ['--arithmetic', 'float64']);
    expect(back.values).toEqual(exact.values);
    let differ = 0;
    exact.values.forEach((v, k) => {
      expect(Math.abs(fast.values[k] - v)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)));
      if (fast.values[k] !== v) differ++;
    });
    expect(differ).toBeGreaterThan(0);
  });

  it('--arithmetic with another value is a usage error', async () => {
    const cli = io();
    await expect(predictCommand.run(['--model', 'x', '--data', dataPath, '--out', join(dir, 'o.csv'), '--arithmetic', 'half'], cli)).rejects.toThrow(/--arithmetic must be float32 or float64, got 'half'/);
  });
});
