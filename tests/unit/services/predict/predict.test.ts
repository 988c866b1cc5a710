import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src-main/services/datasets';
import { predictDataset, predictFileToCsv } from '../../../../src-main/services/predict';
import { ForwardPool } from '../../../../src-main/workers/pool';
import { CsvRecordReader } from '../../../../src-shared/data/csv/records';
import type { InputSpec, LayerSpec, ModelFile, OutputSpec } from '../../../../src-shared/model-file/types';
import type { ActivationName } from '../../../../src-shared/nn/model';
import { modelFile, randomLayers, seeded } from '../../workers/reference';

let dir: string;
let pool: ForwardPool;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-predict-'));
  pool = new ForwardPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A layer from the course's notation: one weight list per node (weights from each input into that node). */
function courseLayer(nodes: number[][], activation: ActivationName, bias?: number[]): LayerSpec {
  const inputs = nodes[0].length;
  const kernel = Array.from({ length: inputs }, (_, i) => nodes.map((node) => node[i]));
  return { units: nodes.length, activation, kernel, bias: bias ?? nodes.map(() => 0) };
}

const ab: InputSpec[] = [{ name: 'a' }, { name: 'b' }];
const regression: OutputSpec = { name: 'y', task: 'regression' };

/** Write model and CSV, run the whole path, and return the output CSV's records (header first). */
async function throughFiles(name: string, model: ModelFile, csv: string): Promise<string[][]> {
  const modelPath = join(dir, `${name}.dlmodel.json`);
  const dataPath = join(dir, `${name}.csv`);
  const outPath = join(dir, `${name}-predictions.csv`);
  writeFileSync(modelPath, JSON.stringify(model));
  writeFileSync(dataPath, csv);
  const r = await predictFileToCsv({ modelPath, dataPath, outPath, pool });
  if (!r.ok) throw new Error(r.error.message);
  const reader = new CsvRecordReader({ delimiter: ',' });
  return [...reader.feed(readFileSync(outPath)), ...reader.finish()].map((rec) => rec.fields);
}

const predictionsOf = (records: string[][]) => records.slice(1).map((f) => Number(f[f.length - 1]));

describe('the course examples through the whole path (model file + CSV → predictions CSV)', () => {
  const S1 = [courseLayer([[1, 1], [-1, 1]], 'linear'), courseLayer([[2, -1]], 'linear')];
  const E1 = [courseLayer([[2, 4], [4, -5]], 'linear'), courseLayer([[2, 7]], 'linear')];

  it('S1: hidden [5, 1], output 9', async () => {
    expect(predictionsOf(await throughFiles('s1', modelFile(ab, regression, S1), 'a,b\n2,3\n'))).toEqual([9]);
  });

  it('S2: tanh hidden layer gives 2·tanh 5 − tanh 1 = 1.2382242525694254', async () => {
    const layers = [{ ...S1[0], activation: 'tanh' as const }, S1[1]];
    expect(predictionsOf(await throughFiles('s2', modelFile(ab, regression, layers), 'a,b\n2,3\n'))).toEqual([1.2382242525694254]);
  });

  it("S2′: x = [−1, 2], z [3, 9], output 0.99010953783342", async () => {
    const layers = [courseLayer([[3, 3], [1, 5]], 'tanh'), courseLayer([[2, -1]], 'linear')];
    const [p] = predictionsOf(await throughFiles('s2b', modelFile(ab, regression, layers), 'a,b\n-1,2\n'));
    expect(p).toBeCloseTo(0.99010953783342, 14);
  });

  it('E1: −39; E2 (ReLU hidden): 52', async () => {
    expect(predictionsOf(await throughFiles('e1', modelFile(ab, regression, E1), 'a,b\n3,5\n'))).toEqual([-39]);
    const e2 = [{ ...E1[0], activation: 'relu' as const }, E1[1]];
    expect(predictionsOf(await throughFiles('e2', modelFile(ab, regression, e2), 'a,b\n3,5\n'))).toEqual([52]);
  });

  it('E3: ReLU hidden and output over four rows: [52, 63, 0, 148], original columns kept', async () => {
    const e3 = [{ ...E1[0], activation: 'relu' as const }, { ...E1[1], activation: 'relu' as const }];
    const records = await throughFiles('e3', modelFile(ab, regression, e3), 'a,b\n3,5\n1,-1\n0,0\n8,4\n');
    expect(records).toEqual([
      ['a', 'b', 'prediction'],
      ['3', '5', '52'],
      ['1', '-1', '63'],
      ['0', '0', '0'],
      ['8', '4', '148'],
    ]);
  });

  it('E4: two ReLU hidden layers: 182', async () => {
    const layers = [courseLayer([[2, 4], [4, -5]], 'relu'), courseLayer([[-1, 2], [1, 2]], 'relu'), courseLayer([[2, 7]], 'linear')];
    expect(predictionsOf(await throughFiles('e4', modelFile(ab, regression, layers), 'a,b\n3,5\n'))).toEqual([182]);
  });

  it('E6: both weight sets over the four rows: [9, 9, 0, 12] and [9.75, 10, 0, 14]', async () => {
    const csv = 'a,b\n0,3\n1,2\n-1,-2\n4,0\n';
    const w0 = [courseLayer([[2, 1], [1, 2]], 'relu'), courseLayer([[1, 1]], 'relu')];
    const w1 = [courseLayer([[2, 1], [1, 1.5]], 'relu'), courseLayer([[1, 1.5]], 'relu')];
    expect(predictionsOf(await throughFiles('e6a', modelFile(ab, regression, w0), csv))).toEqual([9, 9, 0, 12]);
    expect(predictionsOf(await throughFiles('e6b', modelFile(ab, regression, w1), csv))).toEqual([9.75, 10, 0, 14]);
  });
});

describe('prediction columns by task', () => {
  it('regression with a standardized target: y = y′·std + mean, input scaled as (x − mean) / std', async () => {
    const model = modelFile([{ name: 'x', scale: { mean: 1, std: 4 } }], { name: 'y', task: 'regression', scale: { mean: 10, std: 0.5 } }, [courseLayer([[2]], 'linear')]);
    const records = await throughFiles('scaled', model, 'x\n9\n-3\n');
    // x' = (9 − 1)/4 = 2 → y' = 4 → y = 4·0.5 + 10 = 12;  x' = −1 → y' = −2 → y = 9
    expect(predictionsOf(records)).toEqual([12, 9]);
  });

  it('binary with one sigmoid unit: predicted_class and probability of the positive class (classes[1])', async () => {
    const model = modelFile([{ name: 'x' }], { name: 'alive', task: 'binary', classes: ['no', 'yes'] }, [courseLayer([[1]], 'sigmoid')]);
    const records = await throughFiles('binary', model, 'x\n0\n2\n-30\n');
    expect(records[0]).toEqual(['x', 'predicted_class', 'probability']);
    expect(records.slice(1).map((f) => f[1])).toEqual(['no', 'yes', 'no']);
    const p = records.slice(1).map((f) => Number(f[2]));
    expect(p[0]).toBe(0.5);
    expect(p[1]).toBe(1 / (1 + Math.exp(-2)));
    expect(p[2]).toBeGreaterThan(0);
    expect(p[2]).toBeLessThan(1e-12);
  });

  it('binary with two softmax units: probability is the second unit', async () => {
    const model = modelFile([{ name: 'x' }], { name: 'c', task: 'binary', classes: ['low', 'high'] }, [courseLayer([[1], [-1]], 'softmax')]);
    const records = await throughFiles('binary2', model, 'x\n1\n-1\n0\n');
    expect(records.slice(1).map((f) => f[1])).toEqual(['low', 'high', 'low']);
    const p = records.slice(1).map((f) => Number(f[2]));
    // softmax([x, −x])[1] = 1 / (1 + e^{2x})
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 15);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(p[2]).toBe(0.5);
  });

  it('multiclass: predicted_class plus p_<class> per class, summing to 1, first class on a tie', async () => {
    const model = modelFile([{ name: 'x' }], { name: 'kind', task: 'multiclass', classes: ['a', 'b', 'c'] }, [courseLayer([[1], [0], [-1]], 'softmax')]);
    const records = await throughFiles('multi', model, 'x\n2\n-2\n0\n');
    expect(records[0]).toEqual(['x', 'predicted_class', 'p_a', 'p_b', 'p_c']);
    expect(records.slice(1).map((f) => f[1])).toEqual(['a', 'c', 'a']);
    for (const f of records.slice(1)) expect(Number(f[2]) + Number(f[3]) + Number(f[4])).toBeCloseTo(1, 15);
    expect(records[3].slice(2).map(Number)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('rows without a prediction, and datasets that do not fit the model', () => {
  const csv = 'island,mass,sex\nBiscoe,3.5,MALE\nDream,,FEMALE\nTorgersen,4,MALE\nBiscoe,4.5,\nDream,5,FEMALE\n';
  const model = modelFile(
    [{ name: 'mass', scale: { mean: 4, std: 0.5 } }, { name: 'island', categories: ['Dream', 'Biscoe'] }],
    regression,
    [courseLayer([[1, 10, 100]], 'linear')],
  );

  it('gives rows with an empty input or an unseen category an empty prediction, counted per input', async () => {
    const path = join(dir, 'penguins-mini.csv');
    writeFileSync(path, csv);
    const loaded = await loadDataset(path);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const r = await predictDataset(model, loaded.value, { pool });
    if (!r.ok) throw new Error(r.error.message);
    const p = r.value;
    expect(p.predictedRows).toBe(3);
    expect(p.emptyRows).toBe(2);
    expect(p.missingInputRows).toBe(1);
    expect(p.unknownCategoryRows).toBe(1);
    expect(p.emptyBy).toEqual([
      { input: 'mass', missing: 1, unknownCategory: 0 },
      { input: 'island', missing: 0, unknownCategory: 1 },
    ]);
    const values = p.columns[0].kind === 'number' ? Array.from(p.columns[0].values) : [];
    // z = (mass − 4)/0.5 + 10·[Dream] + 100·[Biscoe]
    expect(values).toEqual([99, NaN, NaN, 101, 12]);
  });

  it('writes those rows with an empty prediction cell', async () => {
    const records = await throughFiles('penguins-mini', model, csv);
    expect(records.map((f) => f[3])).toEqual(['prediction', '99', '', '', '101', '12']);
  });

  it('names a column the model needs that the dataset lacks, and the data file', async () => {
    const modelPath = join(dir, 'needs-age.dlmodel.json');
    const dataPath = join(dir, 'no-age.csv');
    writeFileSync(modelPath, JSON.stringify(modelFile([{ name: 'age' }], regression, [courseLayer([[1]], 'linear')])));
    writeFileSync(dataPath, 'height\n1\n');
    const r = await predictFileToCsv({ modelPath, dataPath, outPath: join(dir, 'x.csv'), pool });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('predict/missing-column');
      expect(r.error.column).toBe('age');
      expect(r.error.message).toContain("'age'");
      expect(r.error.message).toContain(dataPath);
    }
  });

  it('names a text column where the model expects numbers', async () => {
    const path = join(dir, 'texty.csv');
    writeFileSync(path, 'mass,island\nheavy,Biscoe\nlight,Dream\nmedium,Dream\n');
    const loaded = await loadDataset(path);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const r = await predictDataset(modelFile([{ name: 'mass' }], regression, [courseLayer([[1]], 'linear')]), loaded.value, { pool });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('predict/wrong-column-type');
      expect(r.error.message).toContain("Column 'mass'");
    }
  });

  it('an invalid model file is an error naming the file and the place in it', async () => {
    const modelPath = join(dir, 'broken.dlmodel.json');
    writeFileSync(modelPath, JSON.stringify({ ...modelFile(ab, regression, [courseLayer([[1, 1]], 'linear')]), layers: [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }] }));
    writeFileSync(join(dir, 'ab.csv'), 'a,b\n1,2\n');
    const r = await predictFileToCsv({ modelPath, dataPath: join(dir, 'ab.csv'), outPath: join(dir, 'y.csv'), pool });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.file).toBe(modelPath);
      expect(r.error.message).toContain('layers[0].kernel');
    }
  });
});

describe('cancelling the whole path', () => {
  for (const phase of ['predicting', 'writing'] as const) {
    it(`stops while ${phase} and leaves no output file behind`, async () => {
      const folder = mkdtempSync(join(dir, `cancel-${phase}-`));
      const rand = seeded(8);
      const rows = 150_000;
      const lines = ['a,b'];
      for (let r = 0; r < rows; r++) lines.push(`${(rand() * 10).toFixed(4)},${(rand() * 10).toFixed(4)}`);
      const dataPath = join(folder, 'big.csv');
      const modelPath = join(folder, 'big.dlmodel.json');
      writeFileSync(dataPath, lines.join('\n') + '\n');
      const layers = randomLayers(rand, 2, [{ units: 64, activation: 'tanh' }, { units: 64, activation: 'tanh' }, { units: 1, activation: 'linear' }]);
      writeFileSync(modelPath, JSON.stringify(modelFile(ab, regression, layers)));
      const controller = new AbortController();
      const outPath = join(folder, 'out.csv');
      const r = await predictFileToCsv({
        modelPath,
        dataPath,
        outPath,
        pool,
        kernel: 'reference',
        signal: controller.signal,
        onProgress: (p, done) => p === phase && done > 0 && controller.abort(),
      });
      expect(!r.ok && r.error.kind).toBe('job/cancelled');
      expect(existsSync(outPath)).toBe(false);
      expect(readdirSync(folder).sort()).toEqual(['big.csv', 'big.dlmodel.json']);
    });
  }
});
