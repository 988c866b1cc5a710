/**
 * The exports as the reference tools see them: onnx.checker (full check) accepts the ONNX export, and h5py finds
 * the .keras weights where Keras 3 keeps them (layers/<name>/vars/<i>, as in the real Keras 3.9.2 fixture).
 * Needs /usr/bin/python3 with the onnx and h5py modules (Debian python3-onnx, python3-h5py); skipped without them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { exportModelCommand } from '../../../src-main/cli/export-model';
import { importModelCommand } from '../../../src-main/cli/import-model';
import { MODELS } from '../shared/formats/model-fixtures';
import { runCommand } from './run-command';

const tools = spawnSync('/usr/bin/python3', ['-c', 'import onnx, h5py'], { stdio: 'ignore' }).status === 0;

it.skipIf(!tools)('onnx.checker accepts the ONNX export and h5py reads the .keras weights layout (needs python3-onnx, python3-h5py)', async () => {
  const d = mkdtempSync(join(tmpdir(), 'dense-lab-check-'));
  const model = join(d, 'm.dlmodel.json');
  await runCommand(importModelCommand, join(MODELS, 'keras2-batchnorm.h5'), '--out', model);
  await runCommand(exportModelCommand, model, '--format', 'onnx', '--out', join(d, 'm.onnx'));
  await runCommand(exportModelCommand, model, '--format', 'keras', '--out', join(d, 'm.keras'));
  const script = [
    'import io, sys, zipfile, json, onnx, h5py',
    'm = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True)',
    'print(m.opset_import[0].version, m.graph.input[0].type.tensor_type.shape.dim[0].dim_param)',
    'z = zipfile.ZipFile(sys.argv[2]); h = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")',
    'print(sorted(n for n in h["layers"]), h["layers/dense/vars/0"].shape, h["layers/dense/vars"].attrs["name"], sorted(z.namelist()))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script, join(d, 'm.onnx'), join(d, 'm.keras')], { encoding: 'utf8' });
  expect(out).toBe("13 batch\n['dense', 'dense_1'] (3, 4) dense ['config.json', 'metadata.json', 'model.weights.h5']\n");
});
