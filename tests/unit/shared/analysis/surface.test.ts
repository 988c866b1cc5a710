import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../src-shared/analysis/response';
import { twoInputSurface } from '../../../../src-shared/analysis/surface';
import { alignFrames, hiddenRepresentation } from '../../../../src-shared/analysis/representation';
import { runAnalysis, type RepresentationReplay } from '../../../../src-shared/analysis/request';
import { makeDataset } from '../jobs/dataset-helper';
import { modelFile } from './models';

const data = makeDataset(
  [{ name: 'x1', type: 'numeric' }, { name: 'x2', type: 'numeric' }, { name: 'g', type: 'categorical', categories: ['a', 'b'] }, { name: 'y', type: 'numeric' }],
  [[0, 0, 0, 1], [1, 2, 1, 2], [2, 4, 1, 3], [3, 6, 1, 4], [4, 8, 0, 5]],
);
// hidden: u0 = relu(x1), u1 = relu(−x2 + 10·[g = b]); output = u0 + u1
const model = modelFile([{ name: 'x1' }, { name: 'x2' }, { name: 'g', categories: ['a', 'b'] }], [
  { units: 2, activation: 'relu', kernel: [[1, 0], [0, -1], [0, 0], [0, 10]], bias: [0, 0] },
  { units: 1, activation: 'linear', kernel: [[1], [1]], bias: [0] },
]);

function response() {
  const r = modelResponse(model, data.columns);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('twoInputSurface: the output and every hidden unit over a grid of two inputs', () => {
  it('holds the others at the typical row (mode of g = b), by hand: z = x1 + relu(10 − x2)', () => {
    const s = twoInputSurface(response(), data, { x: 'x1', y: 'x2', grid: 3 });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.x.values).toEqual([0, 2, 4]);
    expect(s.value.y.values).toEqual([0, 4, 8]);
    expect(s.value.heldAt).toBe('typical');
    expect(s.value.held).toEqual([{ name: 'g', value: 'b' }]);
    expect(s.value.z).toEqual([10, 12, 14, 6, 8, 10, 2, 4, 6]);
    // u1 = 10 − x2 varies more over the grid (8) than u0 = x1 (4): listed first
    expect(s.value.hidden[0].units.map((u) => u.unit)).toEqual([1, 0]);
    expect(s.value.hidden[0].units[1].values).toEqual([0, 2, 4, 0, 2, 4, 0, 2, 4]);
    expect(s.value.points).toHaveLength(5);
    expect(s.value.points[1]).toEqual({ x: 1, y: 2, target: 2, value: 2 });
  });

  it('holds the others at a chosen row (row 0: g = a), and refuses a categorical axis', () => {
    const s = twoInputSurface(response(), data, { x: 'x1', y: 'x2', grid: 2, row: 0 });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.heldAt).toBe(0);
    expect(s.value.held).toEqual([{ name: 'g', value: 'a' }]);
    expect(s.value.z).toEqual([0, 4, 0, 4]);
    const bad = twoInputSurface(response(), data, { x: 'x1', y: 'g' });
    expect(bad.ok ? '' : bad.error.message).toBe("y 'g' holds categories; it must be a numeric column.");
  });
});

describe('hiddenRepresentation: a hidden layer’s activations projected on 2 principal components', () => {
  it('projects the usable rows with the target attached; refuses the output layer', () => {
    const rep = hiddenRepresentation(response(), model, data, { layer: 0 });
    if (!rep.ok) throw new Error(rep.error.message);
    expect(rep.value.rows).toEqual([0, 1, 2, 3, 4]);
    expect(rep.value.target).toEqual([1, 2, 3, 4, 5]);
    expect(rep.value.scores).toHaveLength(10);
    expect(rep.value.varianceRatio[0] + rep.value.varianceRatio[1]).toBeCloseTo(1, 12);
    const bad = hiddenRepresentation(response(), model, data, { layer: 1 });
    expect(bad.ok ? '' : bad.error.message).toBe('The model has 1 hidden layer; there is no hidden layer 2.');
  });
});

describe('representation replay over training snapshots', () => {
  it('one frame per snapshot then the model; earlier frames flipped to face the next one, the last one untouched', () => {
    // a snapshot whose first unit is negated: its PCA may point the other way; aligned, it matches the model's frame
    const mirrored = model.layers.map((l, k) => (k === 0 ? { ...l, kernel: l.kernel.map((row) => [-row[0], row[1]]) } : l));
    const r = runAnalysis({ kind: 'representation', options: { layer: 0, snapshots: [mirrored, model.layers] } }, model, data, false);
    if (!r.ok) throw new Error(r.error.message);
    const frames = (r.value.result as RepresentationReplay).frames;
    expect(frames).toHaveLength(3);
    const alone = hiddenRepresentation(response(), model, data, { layer: 0 });
    if (!alone.ok) throw new Error(alone.error.message);
    expect(frames[2].scores).toEqual(alone.value.scores);
    for (const f of frames.slice(0, 2)) {
      for (const c of [0, 1]) {
        let dot = 0;
        for (let k = 0; k < f.rows.length; k++) dot += f.scores[2 * k + c] * frames[2].scores[2 * k + c];
        expect(dot).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('alignFrames negates a component whose scores point against the next frame', () => {
    const frame = (scores: number[]) => ({ layer: 0, units: 2, scores, varianceRatio: [0.6, 0.4], target: [1, 2], rows: [0, 1] });
    const out = alignFrames([frame([-1, 2, -3, 4]), frame([1, 2, 3, 4])]);
    expect(out[0].scores).toEqual([1, 2, 3, 4]);
    expect(alignFrames([frame([1, -2, 3, -4]), frame([1, 2, 3, 4])])[0].scores).toEqual([1, 2, 3, 4]);
    expect(alignFrames([frame([5, 6, 7, 8]), frame([1, 2, 3, 4])])[0].scores).toEqual([5, 6, 7, 8]);
  });
});
