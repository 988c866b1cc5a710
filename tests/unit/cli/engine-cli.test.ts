/**
 * The engine's CLI commands (summary, forward, import-weights), run as a user runs them: the BUILT
 * out/main/cli.js in a child process. Course examples must hold to 1e-15 through the CLI; bad input must give
 * one line on stderr and exit code 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { courseExamples, courseSlideS2Prime } from '../../../src-shared/course/examples';
import { writeModelFile } from '../../../src-shared/model-file/write';
import { networkToLayers } from '../../../src-shared/model-file/read';
import { createNetwork } from '../../../src-shared/nn/init';
import type { ModelFile } from '../../../src-shared/model-file/types';

const repoRoot = resolve(import.meta.dirname, '../../..');
const cli = join(repoRoot, 'out/main/cli.js');
let dir: string;

/** Sources whose change makes out/main/cli.js stale. */
const SOURCES = ['src-main/cli.ts', 'src-main/cli/forward.ts', 'src-main/cli/summary.ts', 'src-main/cli/import-weights.ts', 'src-main/cli/read-model.ts', 'src-main/cli/forward-row.ts', 'src-shared/jobs/row-path.ts',
  'src-shared/nn/forward.ts', 'src-shared/nn/activations.ts', 'src-shared/model-file/read.ts', 'src-shared/model-file/write.ts', 'src-shared/course/notation.ts'];

beforeAll(() => {
  const built = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  if (SOURCES.some((s) => statSync(join(repoRoot, s)).mtimeMs > built)) {
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeModel(name: string, model: ModelFile): string {
  const path = join(dir, name);
  writeFileSync(path, writeModelFile(model));
  return path;
}

function close(got: number, want: number): void {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-15 * Math.abs(want));
}

/** An exit-2 failure: exactly one line on stderr, no stack trace, nothing on stdout. */
function expectUsageError(r: ReturnType<typeof run>, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trimEnd()).toMatch(message);
}

describe('dense-lab forward', () => {
  it('gives every course example to 1e-15, every row, as --json', () => {
    for (const ex of [...courseExamples(), courseSlideS2Prime()]) {
      const model = writeModel(`${ex.id}.dlmodel.json`, ex.model);
      for (const row of ex.rows) {
        const r = run('forward', '--model', model, '--input', row.input.join(','), '--json');
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as { layers: { z: number[]; a: number[] }[]; output: number[] };
        expect(Object.keys(doc)).toEqual(['layers', 'output']);
        row.hidden.forEach((h, l) => {
          h.z?.forEach((v, k) => close(doc.layers[l].z[k], v));
          h.a?.forEach((v, k) => close(doc.layers[l].a[k], v));
        });
        // S2′'s printed number has 14 significant digits
        if (ex.id === 'S2prime') expect(Math.abs(doc.output[0] - row.output[0])).toBeLessThan(5e-15);
        else row.output.forEach((v, k) => close(doc.output[k], v));
      }
    }
  });

  it('prints exactly the JSON document for S1 and nothing else', () => {
    const model = writeModel('s1.dlmodel.json', courseExamples()[0].model);
    const r = run('forward', '--model', model, '--input', '2,3', '--json');
    expect(JSON.parse(r.stdout)).toEqual({ layers: [{ z: [5, 1], a: [5, 1] }, { z: [9], a: [9] }], output: [9] });
    expect(r.stdout.trim().startsWith('{') && r.stdout.trim().endsWith('}')).toBe(true);
  });

  it('prints S2 as 1.2382242525694254 = 2·tanh 5 − tanh 1 in shortest round-trip form', () => {
    const model = writeModel('s2.dlmodel.json', courseExamples()[1].model);
    const r = run('forward', '--model', model, '--input', '2,3', '--json');
    expect(r.stdout).toContain('"output": [1.2382242525694254]');
    close(JSON.parse(r.stdout).output[0], 2 * Math.tanh(5) - Math.tanh(1));
  });

  it("prints each layer's z and a in text form", () => {
    const model = writeModel('e4.dlmodel.json', courseExamples()[5].model);
    const r = run('forward', '--model', model, '--input', '3, 5');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('layer 0 (dense: 2 relu units)\n  z: 26, -13\n  a: 26, 0\n');
    expect(r.stdout).toContain('layer 1 (dense_1: 2 relu units)\n  z: -26, 26\n  a: 0, 26\n');
    expect(r.stdout).toContain('output (output): 182\n');
  });

  it('scales and one-hot encodes the input row as the model file says', () => {
    const model = writeModel('scaled.dlmodel.json', {
      format: 'dense-lab/model',
      version: 1,
      inputs: [{ name: 'age', scale: { mean: 2, std: 0.5 } }, { name: 'city', categories: ['A', 'B'] }],
      output: { name: 'y', task: 'regression' },
      layers: [{ units: 1, activation: 'linear', kernel: [[1], [10], [100]], bias: [0] }],
    });
    const r = run('forward', '--model', model, '--input', '3,B', '--json');
    // (3 − 2) / 0.5 = 2; B → [0, 1]; 2·1 + 0·10 + 1·100
    expect(JSON.parse(r.stdout).output).toEqual([102]);
    expectUsageError(run('forward', '--model', model, '--input', '3,C'), /value 2 \(city\) is "C", not one of its categories: A, B/);
  });

  it('refuses a non-numeric input, naming the value', () => {
    const model = writeModel('s1b.dlmodel.json', courseExamples()[0].model);
    expectUsageError(run('forward', '--model', model, '--input', '2,x'), /^dense-lab forward: --input value 2 \(x_1\) is "x", not a number$/);
    expectUsageError(run('forward', '--model', model, '--input', '2,0x10'), /"0x10", not a number/);
    expectUsageError(run('forward', '--model', model, '--input', '2,'), /value 2 \(x_1\) is "", not a number/);
  });

  it('takes negative inputs after --input without needing --input=', () => {
    const model = writeModel('s1n.dlmodel.json', courseExamples()[0].model);
    const r = run('forward', '--model', model, '--input', '-1,2', '--json');
    expect(r.stderr).toBe('');
    // node_0 [1, 1]: 1; node_1 [−1, 1]: 3; output 2·1 − 3
    expect(JSON.parse(r.stdout).output).toEqual([-1]);
  });

  it('refuses the wrong number of inputs, listing what the model takes', () => {
    const model = writeModel('s1c.dlmodel.json', courseExamples()[0].model);
    expectUsageError(run('forward', '--model', model, '--input', '2,3,4'), /--input has 3 values; the model takes 2 \(x_0, x_1\)/);
  });

  it('refuses a missing, unreadable or invalid model file with one line saying what and where', () => {
    expectUsageError(run('forward', '--model', 'missing.dlmodel.json', '--input', '1'), /The file missing\.dlmodel\.json no longer exists/);
    expectUsageError(run('forward', '--model', dir, '--input', '1'), /it is a folder, not a model file/);
    const bad = JSON.parse(writeModelFile(courseExamples()[0].model));
    bad.layers[1].kernel = [[2], [-1], [0]];
    writeFileSync(join(dir, 'bad.dlmodel.json'), JSON.stringify(bad));
    expectUsageError(run('forward', '--model', 'bad.dlmodel.json', '--input', '2,3'), /^dense-lab forward: bad\.dlmodel\.json: layers\[1\]\.kernel has 3 rows; layer 0 has 2 units$/);
    writeFileSync(join(dir, 'broken.json'), '{\n  "format": "dense-lab/model",\n  oops\n}');
    expectUsageError(run('forward', '--model', 'broken.json', '--input', '2,3'), /broken\.json:3:3: not valid JSON at line 3, column 3/);
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...bad, version: 7 }));
    expectUsageError(run('forward', '--model', 'future.json', '--input', '2,3'), /version 7, written by a newer Dense Lab/);
  });

  it('refuses missing flags and unknown flags', () => {
    expectUsageError(run('forward', '--input', '2,3'), /forward: missing --model/);
    expectUsageError(run('forward', '--model', 'x', '--inputs', '2'), /forward: .*--inputs/);
  });
});

describe('dense-lab summary', () => {
  it('counts 10 → 100 → 100 → 1 as 11,301 parameters, Keras style', () => {
    const net = createNetwork({ inputSize: 10, layers: [{ units: 100, activation: 'relu' }, { units: 100, activation: 'relu' }, { units: 1, activation: 'linear' }], seed: 1 });
    const model = writeModel('k1.dlmodel.json', {
      format: 'dense-lab/model',
      version: 1,
      inputs: Array.from({ length: 10 }, (_, k) => ({ name: `f${k}` })),
      output: { name: 'y', task: 'regression' },
      layers: networkToLayers(net),
    });
    const r = run('summary', model);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Model: "k1"$/m);
    expect(r.stdout).toMatch(/^ dense \(Dense\) +\(None, 100\) +1100$/m);
    expect(r.stdout).toMatch(/^ dense_1 \(Dense\) +\(None, 100\) +10100$/m);
    expect(r.stdout).toMatch(/^ dense_2 \(Dense\) +\(None, 1\) +101$/m);
    expect(r.stdout).toContain('Total params: 11,301\n');
    expect(r.stdout).toContain('Activations: relu → relu → linear\n');
  });

  it('refuses a missing argument or an invalid file', () => {
    expectUsageError(run('summary'), /summary: expected one model file, got none/);
    writeFileSync(join(dir, 'notmodel.json'), '{"format": "keras"}');
    expectUsageError(run('summary', 'notmodel.json'), /notmodel\.json: not a Dense Lab model file: its "format" is another format/);
  });
});

describe('dense-lab import-weights', () => {
  const S1 = "import numpy as np\ninput_data = np.array([2, 3])\nweights = {'node_0': np.array([1, 1]),\n           'node_1': np.array([-1, 1]),\n           'output': np.array([2, -1])}\n";

  it('converts the course notation, prints the input row, and the model gives the course numbers', () => {
    writeFileSync(join(dir, 's1.py'), S1);
    const r = run('import-weights', 's1.py', '--out', 'imported.dlmodel.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('input row: 2, 3\n');
    expect(r.stdout).toContain('2 inputs → 2 linear → 1 linear');
    expect(JSON.parse(run('forward', '--model', 'imported.dlmodel.json', '--input', '2,3', '--json').stdout).output).toEqual([9]);

    const t = run('import-weights', 's1.py', '--out', 'tanh.dlmodel.json', '--hidden-activation', 'tanh', '--output-activation', 'linear');
    expect(t.code).toBe(0);
    close(JSON.parse(run('forward', '--model', 'tanh.dlmodel.json', '--input', '2,3', '--json').stdout).output[0], 1.2382242525694254);
    // written atomically: no temporary files left beside the model
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(dir, 's1.py'), 'utf8')).toBe(S1);
  });

  it('refuses notation it cannot read, quoting the offending part with line and column', () => {
    writeFileSync(join(dir, 'bad.py'), "input_data = np.array([2, 3])\nweights = {'node_0': np.array([1, 1, 4]), 'output': np.array([2])}\n");
    expectUsageError(run('import-weights', 'bad.py', '--out', 'x.dlmodel.json'), /bad\.py:2:12: line 2, column 12: 'node_0' has 3 weights; it needs 2 because input_data has 2 values in `'node_0': np\.array\(\[1, 1, 4\]\)`/);
    expect(existsSync(join(dir, 'x.dlmodel.json'))).toBe(false);
  });

  it('refuses an unknown activation, a missing file, and writing over its own input', () => {
    writeFileSync(join(dir, 's1b.py'), S1);
    expectUsageError(run('import-weights', 's1b.py', '--out', 'y.json', '--hidden-activation', 'swish'), /--hidden-activation must be one of linear, relu, .*got 'swish'/);
    expectUsageError(run('import-weights', 'nothere.py', '--out', 'y.json'), /The file nothere\.py no longer exists/);
    expectUsageError(run('import-weights', 's1b.py', '--out', 's1b.py'), /is the input file/);
    expectUsageError(run('import-weights', 's1b.py'), /missing --out/);
    expectUsageError(run('import-weights', 's1b.py', '--out', join('no-such-dir', 'm.json')), /The folder .*no-such-dir does not exist, so .*m\.json cannot be written/);
  });
});
