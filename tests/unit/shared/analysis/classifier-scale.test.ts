/**
 * For classifiers, partial dependence, H and the surface are on the probability scale predict writes (P of the
 * positive class, or of each class with `class`), never on logits: checked by hand on models whose logit is additive
 * (parallel in the logit, so any interaction seen comes from the sigmoid's curvature, as it must on probabilities).
 */
import { describe, expect, it } from 'vitest';
import { runAnalysis } from '../../../../src-shared/analysis/request';
import { modelResponse, responseClass } from '../../../../src-shared/analysis/response';
import type { Dependence } from '../../../../src-shared/analysis/partial-dependence';
import type { Interactions } from '../../../../src-shared/analysis/h-statistic';
import type { Surface } from '../../../../src-shared/analysis/surface';
import { predictionColumns } from '../../../../src-shared/jobs/prediction-columns';
import { makeDataset } from '../jobs/dataset-helper';
import { modelFile } from './models';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const data = makeDataset(
  [{ name: 'x', type: 'numeric' }, { name: 'w', type: 'numeric' }, { name: 'g', type: 'categorical', categories: ['a', 'b'] }, { name: 'y', type: 'categorical', categories: ['no', 'yes', 'maybe'] }],
  [[-2, 1, 0, 0], [-1, 0, 1, 1], [0, 2, 0, 1], [1, 1, 1, 0], [2, 0, 0, 1], [3, 2, 1, 2]],
);
// logit = x + 3·[g = b]: additive in the logit
const layer = { units: 1, activation: 'sigmoid' as const, kernel: [[1], [0], [3]], bias: [0] };
const inputs = [{ name: 'x' }, { name: 'g', categories: ['a', 'b'] }];
const binary = modelFile(inputs, [layer], { name: 'y', task: 'binary', classes: ['no', 'yes'] });
const logitModel = modelFile(inputs, [{ ...layer, activation: 'linear' }]);

function run<T>(request: Parameters<typeof runAnalysis>[0], model = binary): T {
  const r = runAnalysis(request, model, data, false);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.result as T;
}

describe('classifier analyses are on the probability scale', () => {
  it('binary: each partial-dependence line is P(positive) by hand, sigmoid(x) and sigmoid(x + 3): not parallel', () => {
    const d = run<Dependence>({ kind: 'dependence', options: { feature: 'x', by: 'g', grid: 6, sample: 0 } });
    expect(d.label).toBe('P(y = yes)');
    const [a, b] = d.lines;
    expect(a.group).toBe('a');
    d.x.forEach((x, k) => {
      expect(a.y[k]).toBeCloseTo(sigmoid(x), 14);
      expect(b.y[k]).toBeCloseTo(sigmoid(x + 3), 14);
    });
    expect(d.interaction).toBeGreaterThan(0.05);
    // the same weights read as logits (a linear output): parallel lines, no interaction
    const logits = run<Dependence>({ kind: 'dependence', options: { feature: 'x', by: 'g', grid: 6, sample: 0 } }, logitModel);
    expect(logits.interaction).toBeLessThan(1e-12);
  });

  it('binary: H(x, g) > 0 on probabilities, where the logit (additive) would give 0', () => {
    const h = run<Interactions>({ kind: 'interactions', options: { sample: 0 } });
    expect(h.pairs[0].h).toBeGreaterThan(0.05);
    const logits = run<Interactions>({ kind: 'interactions', options: { sample: 0 } }, logitModel);
    expect(logits.pairs[0].h).toBeLessThan(1e-7);
  });

  it('the response is predict’s own probability column, row for row', () => {
    const r = modelResponse(binary, data.columns);
    if (!r.ok) throw new Error(r.error.message);
    const { raw, status, width } = r.value.outputs(data);
    const cols = predictionColumns(binary.output, raw, width, status);
    if (!cols.ok) throw new Error(cols.error.message);
    expect(Array.from(r.value.respond(data))).toEqual(Array.from((cols.value[1] as { values: Float64Array }).values));
    expect(Array.from(r.value.respond(data))).toEqual([-2, 2, 0, 4, 2, 6].map(sigmoid));
  });

  it('multiclass: each class’s probability (softmax) with `class`, the first class by default; a wrong class is refused', () => {
    const softmax = modelFile([{ name: 'x' }, { name: 'w' }], [{ units: 3, activation: 'softmax', kernel: [[1, 0, -1], [0, 0, 0]], bias: [0, 0, 0] }], { name: 'y', task: 'multiclass', classes: ['no', 'yes', 'maybe'] });
    const p = (x: number, c: number) => {
      const e = [Math.exp(x), 1, Math.exp(-x)];
      return e[c] / (e[0] + e[1] + e[2]);
    };
    for (const [name, c] of [[undefined, 0], ['yes', 1], ['maybe', 2]] as const) {
      const d = run<Dependence>({ kind: 'dependence', options: { feature: 'x', grid: 5, sample: 0, ...(name ? { class: name } : {}) } }, softmax);
      expect(d.label).toBe(`P(y = ${['no', 'yes', 'maybe'][c]})`);
      d.x.forEach((x, k) => expect(d.lines[0].y[k]).toBeCloseTo(p(x, c), 14));
    }
    const s = run<Surface>({ kind: 'surface', options: { x: 'x', y: 'w', grid: 3, class: 'maybe' } }, softmax);
    s.z.forEach((v, k) => expect(v).toBeCloseTo(p(s.x.values[k % 3], 2), 14));
    const bad = runAnalysis({ kind: 'dependence', options: { feature: 'x', class: 'perhaps' } }, softmax, data, false);
    expect(bad.ok ? '' : bad.error.message).toBe("The model has no class 'perhaps' (its classes: no, yes, maybe).");
  });

  it('responseClass: binary answers its positive class only; regression takes none', () => {
    expect(responseClass(binary.output, undefined)).toEqual({ ok: true, value: 0 });
    expect(responseClass(binary.output, 'yes')).toEqual({ ok: true, value: 0 });
    const neg = responseClass(binary.output, 'no');
    expect(neg.ok ? '' : neg.error.message).toBe('For a binary model the response is P(y = yes), the positive class (P(no) is 1 minus it).');
    const reg = responseClass(logitModel.output, 'a');
    expect(reg.ok ? '' : reg.error.message).toBe("The model predicts 'y', a number; a class applies to classifiers only.");
  });
});
