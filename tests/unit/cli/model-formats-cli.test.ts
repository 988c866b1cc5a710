/**
 * `import-model` and `export-model` on disk: an import writes a valid model file and reports what it read; a
 * refusal is one line on stderr with exit code 2 and writes nothing; every export format writes its files and the
 * python script reproduces the model's predictions with numpy (skipped, with the reason, where numpy is absent).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportModelCommand } from '../../../src-main/cli/export-model';
import { importModelCommand } from '../../../src-main/cli/import-model';
import { readModelFile } from '../../../src-shared/model-file/read';
import { MODELS, predictRows } from '../shared/formats/model-fixtures';
import { runCommand } from './run-command';

const dir = () => mkdtempSync(join(tmpdir(), 'dense-lab-formats-'));

describe('import-model', () => {
  it('writes the model file and reports format, producer, layers and what was folded', async () => {
    const out = join(dir(), 'm.dlmodel.json');
    const r = await runCommand(importModelCommand, join(MODELS, 'keras2-batchnorm.h5'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read Keras HDF5 written by keras 2.4.0 (tensorflow) (float32 weights)');
    expect(r.stdout).toContain('layer 3 "batch_normalization" (BatchNormalization) folded into layer 2 "dense"');
    expect(readModelFile(readFileSync(out, 'utf8')).ok).toBe(true);
  });

  it('--json prints the report as one JSON object', async () => {
    const out = join(dir(), 'm.dlmodel.json');
    const r = await runCommand(importModelCommand, join(MODELS, 'tfjs/model.json'), '--out', out, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ format: 'tfjs', producer: 'keras v2.6.0, TensorFlow.js Converter v3.9.0', task: 'binary', inputs: ['x1', 'x2', 'x3'] });
  });

  it('refuses a convolution with one line, exit code 2, and writes nothing', async () => {
    const out = join(dir(), 'm.dlmodel.json');
    const r = await runCommand(importModelCommand, join(MODELS, 'torch-conv.onnx'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dense-lab import-model: .*torch-conv\.onnx: node 1 "\/0\/Conv" is Conv: only dense chains can be opened/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a missing file and a file of no known format', async () => {
    const d = dir();
    const missing = await runCommand(importModelCommand, join(d, 'nope.h5'), '--out', join(d, 'm.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no longer exists');
    writeFileSync(join(d, 'x.csv'), 'a,b\n1,2\n');
    const csv = await runCommand(importModelCommand, join(d, 'x.csv'), '--out', join(d, 'm.json'));
    expect(csv.stderr).toContain('is not a model file Dense Lab can import');
  });
});

describe('export-model', () => {
  it('writes each format; --format must be one of onnx, keras, tfjs, python', async () => {
    const d = dir();
    const model = join(d, 'm.dlmodel.json');
    await runCommand(importModelCommand, join(MODELS, 'keras2-batchnorm.h5'), '--out', model);
    for (const [format, file] of [['onnx', 'm.onnx'], ['keras', 'm.keras'], ['tfjs', 'm.json'], ['python', 'm.py']]) {
      const r = await runCommand(exportModelCommand, model, '--format', format, '--out', join(d, file));
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(join(d, file))).toBe(true);
    }
    expect(existsSync(join(d, 'm.weights.bin'))).toBe(true);
    const bad = await runCommand(exportModelCommand, model, '--format', 'pmml', '--out', join(d, 'm.pmml'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("dense-lab export-model: --format must be one of onnx, keras, tfjs, python, got 'pmml'\n");
  });

  const numpy = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!numpy)('the python script reproduces the predictions with numpy (needs /usr/bin/python3 with numpy)', async () => {
    const d = dir();
    const model = join(d, 'm.dlmodel.json');
    await runCommand(importModelCommand, join(MODELS, 'torch-mlp-classifier.onnx'), '--out', model);
    await runCommand(exportModelCommand, model, '--format', 'python', '--out', join(d, 'predict.py'));
    const rows = [[0.5, -1.25, 2], [0, 0, 0], [-3, 1.5, 0.25]];
    writeFileSync(join(d, 'data.csv'), `x1,x2,x3\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const csv = execFileSync('/usr/bin/python3', [join(d, 'predict.py'), join(d, 'data.csv')], { encoding: 'utf8' });
    const [header, ...lines] = csv.trim().split('\n');
    expect(header).toBe('predicted_class,p_0,p_1,p_2');
    const file = readModelFile(readFileSync(model, 'utf8'));
    if (!file.ok) throw new Error(file.error.message);
    const want = predictRows(file.value, rows);
    lines.forEach((line, r) => line.split(',').slice(1).forEach((p, c) => expect(Math.abs(Number(p) - want[r][c])).toBeLessThan(1e-12)));
  });
});
