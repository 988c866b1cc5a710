/** `--header yes|no` of the CLI commands that read a CSV (inspect, train), run in-process with captured output. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src-main/cli/command';
import { runCommand } from './run-command';
import { parseHeaderFlag } from '../../../src-main/cli/header-flag';
import { inspectCommand } from '../../../src-main/cli/inspect';
import { trainCommand } from '../../../src-main/cli/train';
import { predictCommand } from '../../../src-main/cli/predict';
import { readModelFile } from '../../../src-shared/model-file/read';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-header-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Years over decimals: read as a header unless told otherwise. 12 data lines below it. */
const yearsPath = join(dir, 'years.csv');
const lines = ['2019,2020,2021'];
for (let k = 0; k < 12; k++) lines.push(`${(k * 0.37 + 0.1).toFixed(2)},${(k * 0.61 + 0.2).toFixed(2)},${(k * 0.5 + 1.05).toFixed(2)}`);
writeFileSync(yearsPath, `${lines.join('\n')}\n`);

const run = runCommand;

describe('--header yes|no', () => {
  it('reads yes as true, no as false, absent as "let the loader decide"', () => {
    expect(parseHeaderFlag('inspect', 'yes')).toBe(true);
    expect(parseHeaderFlag('inspect', 'no')).toBe(false);
    expect(parseHeaderFlag('inspect', 'NO')).toBe(false);
    expect(parseHeaderFlag('inspect', undefined)).toBeUndefined();
  });

  it.each(['maybe', '', 'true', '1'])('refuses %j with one line naming the flag and the accepted answers', (value) => {
    expect(() => parseHeaderFlag('inspect', value)).toThrow(UsageError);
    expect(() => parseHeaderFlag('inspect', value)).toThrow(/^inspect: --header must be yes .* or no .*, got '.*'$/);
  });

  it('inspect --header no reads the first row as data: one more row, col_N names, that row first in head', async () => {
    const detected = JSON.parse((await run(inspectCommand, '--data', yearsPath, '--json')).stdout);
    const r = await run(inspectCommand, '--data', yearsPath, '--header', 'no', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(detected).toMatchObject({ rows: 12, header: true });
    expect(report).toMatchObject({ rows: 13, header: false });
    expect(report.columns.map((c: { name: string }) => c.name)).toEqual(['col_1', 'col_2', 'col_3']);
    expect(report.head[0]).toEqual([2019, 2020, 2021]);
    expect(report.head[1]).toEqual(detected.head[0]);
  });

  it('inspect --header yes keeps the first row as names, and the readable report says which reading was used', async () => {
    const yes = await run(inspectCommand, '--data', yearsPath, '--header', 'yes');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/12 rows × 3 columns \(.*header row/);
    expect(yes.stdout).toMatch(/^\s+2019\s+numeric/m);
    const no = await run(inspectCommand, '--data', yearsPath, '--header', 'no');
    expect(no.stdout).toMatch(/13 rows × 3 columns \(.*no header row/);
  });

  it('inspect with a bad --header answer exits 2 with one line on stderr and nothing on stdout', async () => {
    const r = await run(inspectCommand, '--data', yearsPath, '--header', 'sometimes');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("dense-lab inspect: --header must be yes (the first row holds the column names) or no (the first row is data), got 'sometimes'\n");
  });

  it('train --header no trains on every line, with the columns named col_N', async () => {
    const out = join(dir, 'years.dlmodel.json');
    const r = await run(trainCommand, '--data', yearsPath, '--header', 'no', '--target', 'col_3', '--layers', 'none', '--epochs', '1', '--validation', '0', '--no-baseline', '--out', out);
    expect(r.stderr).toContain('13 training rows');
    expect(r.code).toBe(0);
    const model = readModelFile(readFileSync(out, 'utf8'));
    expect(model.ok && model.value.output.name).toBe('col_3');
    expect(model.ok && model.value.inputs.map((i) => i.name)).toEqual(['col_1', 'col_2']);
  }, 30000);

  it('train without --header reads the years as names (so col_3 is not a column), and refuses a bad answer', async () => {
    const out = join(dir, 'never.dlmodel.json');
    const detected = await run(trainCommand, '--data', yearsPath, '--target', '2021', '--layers', 'none', '--epochs', '1', '--validation', '0', '--no-baseline', '--out', out);
    expect(detected.code).toBe(0);
    expect(detected.stderr).toContain('12 training rows');
    const bad = await run(trainCommand, '--data', yearsPath, '--header', 'y', '--target', 'col_3', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("train: --header must be yes");
  }, 30000);

  it('predict --header no predicts the first line too, for a model whose inputs are col_1 and col_2', async () => {
    const model = join(dir, 'sum.dlmodel.json');
    // y = col_1 + col_2
    writeFileSync(model, JSON.stringify({ format: 'dense-lab/model', version: 1, inputs: [{ name: 'col_1' }, { name: 'col_2' }], output: { name: 'y', task: 'regression' }, layers: [{ units: 1, activation: 'linear', kernel: [[1], [1]], bias: [0] }] }));
    const out = join(dir, 'years-predicted.csv');
    const r = await run(predictCommand, '--model', model, '--data', yearsPath, '--header', 'no', '--out', out);
    expect(r.stdout + r.stderr).toContain('13 rows');
    expect(r.code).toBe(0);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written).toHaveLength(14);
    expect(written[0]).toBe('col_1,col_2,col_3,prediction');
    expect(written[1]).toBe(`2019,2020,2021,${2019 + 2020}`);
    const detected = await run(predictCommand, '--model', model, '--data', yearsPath, '--out', join(dir, 'never.csv'));
    expect(detected.code).toBe(2);
    expect(detected.stderr).toContain('col_1');
  }, 30000);
});
