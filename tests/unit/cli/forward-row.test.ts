/**
 * One path for a row, everywhere: `forward --data --row K --json` (the CLI), the renderer's row path from the
 * table's display cells (what the diagram shows) and `predict` (the CSV it writes) give the same prediction for
 * row K, bit for bit, on real datasets and models with scaling, imputation and one-hot inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardCommand } from '../../../src-main/cli/forward';
import { predictCommand } from '../../../src-main/cli/predict';
import { loadDataset } from '../../../src-main/services/datasets';
import { displayRows } from '../../../src-main/api/rows';
import { pathOfCells } from '../../../src-renderer/lib/network/encode-row';
import { createNetwork } from '../../../src-shared/nn/init';
import { networkToLayers } from '../../../src-shared/model-file/read';
import { inputWidth, type InputSpec, type ModelFile, type OutputSpec } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import { runCommand } from './run-command';

const samples = resolve(import.meta.dirname, '../../../samples');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-forward-row-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model with seeded weights over `inputs`, hidden `hidden` units of `activation`, and the output the task needs. */
function model(inputs: InputSpec[], output: OutputSpec, hidden: number, activation: ActivationName, seed: number): ModelFile {
  const width = inputs.reduce((w, s) => w + inputWidth(s), 0);
  const outUnits = output.task === 'multiclass' ? (output.classes?.length ?? 2) : 1;
  const outAct: ActivationName = output.task === 'regression' ? 'linear' : output.task === 'binary' ? 'sigmoid' : 'softmax';
  const net = createNetwork({ inputSize: width, layers: [{ units: hidden, activation }, { units: outUnits, activation: outAct }], seed });
  return { format: 'dense-lab/model', version: 1, inputs, output, layers: networkToLayers(net) };
}

/** CSV line → cells (the samples have no quoted fields). */
const cellsOf = (line: string) => line.split(',');

interface Case {
  readonly name: string;
  readonly csv: string;
  readonly model: ModelFile;
  readonly rows: number[];
}

const CASES: Case[] = [
  {
    name: 'diabetes regression, standardised inputs and output',
    csv: 'diabetes.csv',
    model: model(
      [{ name: 'age', scale: { mean: 48.5, std: 13.1 } }, { name: 'bmi', scale: { mean: 26.4, std: 4.4 } }, { name: 'bp' }, { name: 's5', scale: { mean: 4.64, std: 0.52 } }],
      { name: 'progression', task: 'regression', scale: { mean: 152.1, std: 77.0 } },
      6,
      'tanh',
      3,
    ),
    rows: [1, 2, 17, 442],
  },
  {
    name: 'penguins multiclass: one-hot island and sex, imputed and empty cells',
    csv: 'penguins.csv',
    model: model(
      [
        { name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] },
        { name: 'bill_length_mm', scale: { mean: 43.9, std: 5.4 }, impute: 43.9 },
        { name: 'flipper_length_mm', scale: { mean: 200.9, std: 14.0 } },
        { name: 'sex', categories: ['FEMALE', 'MALE'], impute: 'MALE' },
      ],
      { name: 'species', task: 'multiclass', classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
      5,
      'relu',
      7,
    ),
    rows: [1, 4, 9, 200, 344],
  },
  {
    name: 'breast cancer binary, raw inputs',
    csv: 'breast_cancer.csv',
    model: model([{ name: 'mean_radius' }, { name: 'mean_texture' }, { name: 'mean_smoothness', scale: { mean: 0.096, std: 0.014 } }], { name: 'malignant', task: 'binary', classes: ['0', '1'] }, 4, 'sigmoid', 11),
    rows: [1, 100, 569],
  },
];

describe('forward --data --row equals predict, and the renderer row path equals both', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const modelPath = join(dir, `${c.csv}.dlmodel.json`);
      writeFileSync(modelPath, JSON.stringify(c.model));
      const data = join(samples, c.csv);
      const out = join(dir, `${c.csv}.predictions.csv`);
      const predicted = await runCommand(predictCommand, '--model', modelPath, '--data', data, '--out', out, '--workers', '2');
      expect(predicted.stderr).toBe('');
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      const header = cellsOf(lines[0]);
      const names = header.slice(header.length - (c.model.output.task === 'regression' ? 1 : c.model.output.task === 'binary' ? 2 : 4));
      const loaded = await loadDataset(data);
      if (!loaded.ok) throw new Error(loaded.error.message);
      for (const k of c.rows) {
        const r = await runCommand(forwardCommand, '--model', modelPath, '--data', data, '--row', String(k), '--json');
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as { inputs: { name: string }[]; prediction: unknown; prediction_columns: Record<string, number | string | null>; layers: unknown[] };
        expect(doc.inputs.map((i) => i.name)).toEqual(c.model.inputs.map((s) => s.name));
        const cells = cellsOf(lines[k]);
        const written = cells.slice(cells.length - names.length);
        // Numbers as the CSV writes them (shortest round trip), an empty prediction as an empty cell.
        const cli = names.map((n) => doc.prediction_columns[n]).map((v) => (v === null ? '' : String(v)));
        expect(cli).toEqual(written);
        expect(doc.prediction === null ? '' : String(doc.prediction)).toBe(written[0]);
        // The diagram's path: the table's display cells for row k through the renderer's row path.
        const shown = pathOfCells(c.model, loaded.value.columns, displayRows(loaded.value, k - 1, 1)[0], k - 1);
        if (!shown.ok) throw new Error(shown.error.message);
        expect(shown.value.prediction.map((p) => (p.value === null ? '' : String(p.value)))).toEqual(written);
        expect(shown.value.trace?.layers.map((l) => ({ z: l.z, a: l.a })) ?? []).toEqual(doc.layers);
      }
    });
  }

  it('shows raw and network values for each input: standardised numbers, the category of a one-hot input', async () => {
    const base = CASES[1].model;
    const inputs = base.inputs.map((s) => (s.name === 'flipper_length_mm' ? { ...s, impute: 200.9 } : s));
    const modelPath = join(dir, 'penguins-inputs.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify({ ...base, inputs }));
    const r = await runCommand(forwardCommand, '--model', modelPath, '--data', join(samples, 'penguins.csv'), '--row', '1', '--json');
    const doc = JSON.parse(r.stdout) as { inputs: { name: string; raw: unknown; network: unknown }[] };
    expect(doc.inputs[0]).toEqual({ name: 'island', raw: 'Torgersen', network: [0, 0, 1] });
    expect(doc.inputs[1]).toEqual({ name: 'bill_length_mm', raw: 39.1, network: (39.1 - 43.9) / 5.4 });
    const text = await runCommand(forwardCommand, '--model', modelPath, '--data', join(samples, 'penguins.csv'), '--row', '4');
    expect(text.stdout).toContain('bill_length_mm (empty) imputed as 43.9 → 0 (standardised');
    expect(text.stdout).toContain("island 'Torgersen' → one-hot [0, 0, 1]");
    expect(text.stdout).toContain("sex (empty) imputed as 'MALE' → one-hot [0, 1]");
    expect(text.stdout).toMatch(/prediction \(species\): predicted_class \w+, p_Adelie/);
  });

  it('refuses a row past the end, a row that is not a whole number, and --input with --data, in one line each', async () => {
    const modelPath = join(dir, 'diabetes.csv.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify(CASES[0].model));
    const data = join(samples, 'diabetes.csv');
    const past = await runCommand(forwardCommand, '--model', modelPath, '--data', data, '--row', '443', '--json');
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/^dense-lab forward: --row 443 is past the end of .*diabetes\.csv, which has 442 data rows\n$/);
    const zero = await runCommand(forwardCommand, '--model', modelPath, '--data', data, '--row', '0');
    expect(zero.stderr).toMatch(/--row must be a whole number from 1/);
    const both = await runCommand(forwardCommand, '--model', modelPath, '--data', data, '--row', '1', '--input', '1,2,3,4');
    expect(both.stderr).toMatch(/either --input or --data with --row, not both/);
    const noRow = await runCommand(forwardCommand, '--model', modelPath, '--data', data);
    expect(noRow.stderr).toMatch(/missing --row/);
  });
});
