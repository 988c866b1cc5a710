// A run whose kept weights give infinite or NaN outputs is refused (exit 2, reason and hint), never saved as
// a success; the app's training service (the same job) ends with the same error.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../../src-main/cli/train';
import { loadDatasetFromBytes } from '../../../src-main/services/datasets';
import { startTraining } from '../../../src-main/services/training';
import { runCommand } from './run-command';

const repoRoot = resolve(import.meta.dirname, '../../..');
const iris = resolve(repoRoot, 'samples/iris.csv');
const dir = mkdtempSync(join(tmpdir(), 'dense-lab-non-finite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFUSAL = /^Training diverged: the weights it kept \(epoch 1\) give infinite or NaN outputs on the training rows, so no model was saved\. Lower the learning rate \(it was 10000000000\)\.$/;

describe('non-finite weights', () => {
  it('train --lr 1e10 (sgd) exits 2 with the reason and a hint, and writes no model', async () => {
    const out = join(dir, 'diverged.dlmodel.json');
    const r = await runCommand(trainCommand, '--data', iris, '--target', 'species', '--optimizer', 'sgd', '--lr', '1e10', '--epochs', '4', '--early-stopping', 'off', '--no-baseline', '--out', out);
    expect(r.code, r.stderr).toBe(2);
    const line = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(line.replace(/^dense-lab train: /, '')).toMatch(REFUSAL);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('the training service (what the app runs) ends with the same refusal', async () => {
    const data = await loadDatasetFromBytes(readFileSync(iris), 'iris.csv');
    if (!data.ok) throw new Error(data.error.message);
    const handle = startTraining(data.value, { target: 'species', optimizer: 'sgd', learningRate: 1e10, epochs: 4, earlyStopping: null, baseline: false }, {});
    const result = await handle.promise;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('train/non-finite');
      expect(result.error.message).toMatch(REFUSAL);
    }
  }, 60_000);
});
