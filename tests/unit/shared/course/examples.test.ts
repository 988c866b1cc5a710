import { describe, expect, it } from 'vitest';
import { courseExample, courseExamples, courseSlideS2Prime, type CourseExample } from '../../../../src-shared/course/examples';
import { forwardBatch, forwardTrace } from '../../../../src-shared/nn/forward';
import { modelToNetwork, readModelFile } from '../../../../src-shared/model-file/read';
import { writeModelFile } from '../../../../src-shared/model-file/write';
import { summarize } from '../../../../src-shared/nn/summary';

/** |got − want| ≤ 1e-15·|want| (exact when want is 0). */
function close(got: number, want: number): void {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-15 * Math.abs(want));
}

function checkRows(ex: CourseExample): void {
  const net = modelToNetwork(ex.model);
  for (const row of ex.rows) {
    const t = forwardTrace(net, row.input);
    row.hidden.forEach((h, l) => {
      if (h.z) t.layers[l].z.forEach((v, k) => close(v, h.z![k]));
      if (h.a) t.layers[l].a.forEach((v, k) => close(v, h.a![k]));
    });
    row.output.forEach((v, k) => close(t.output[k], v));
  }
}

describe('the course examples of chapter 1', () => {
  it('are offered in course order S1, S2, E1–E4, without the inconsistent S2′', () => {
    expect(courseExamples().map((e) => e.id)).toEqual(['S1', 'S2', 'E1', 'E2', 'E3', 'E4']);
  });

  it('S1: hidden [5, 1], output 9', () => {
    const ex = courseExample('S1')!;
    checkRows(ex);
    const t = forwardTrace(modelToNetwork(ex.model), ex.input);
    expect(t.layers[0].a).toEqual([5, 1]);
    expect(t.output).toEqual([9]);
  });

  it('S2: tanh hidden gives 1.2382242525694254 = 2·tanh 5 − tanh 1 within 1e-15', () => {
    const ex = courseExample('S2')!;
    const out = forwardTrace(modelToNetwork(ex.model), ex.input).output[0];
    close(out, 1.2382242525694254);
    close(out, 2 * Math.tanh(5) - Math.tanh(1));
    checkRows(ex);
  });

  it('S2′: the slide’s code gives z [3, 9] and 0.99010953783342, not S2’s number', () => {
    const ex = courseSlideS2Prime();
    const t = forwardTrace(modelToNetwork(ex.model), ex.input);
    expect(t.layers[0].z).toEqual([3, 9]);
    // the course prints 14 significant digits for this one
    expect(Math.abs(t.output[0] - 0.99010953783342)).toBeLessThan(5e-15);
    close(t.output[0], 2 * Math.tanh(3) - Math.tanh(9));
    expect(Math.abs(t.output[0] - 1.2382242525694254)).toBeGreaterThan(0.2);
  });

  it.each(['E1', 'E2', 'E4'] as const)('%s gives the course’s hidden values and output', (id) => {
    checkRows(courseExample(id)!);
  });

  it('E1 −39, E2 52, E4 182 exactly', () => {
    const out = (id: 'E1' | 'E2' | 'E4') => {
      const ex = courseExample(id)!;
      return forwardTrace(modelToNetwork(ex.model), ex.input).output[0];
    };
    expect([out('E1'), out('E2'), out('E4')]).toEqual([-39, 52, 182]);
  });

  it('E3: four rows through forwardBatch give [52, 63, 0, 148]', () => {
    const ex = courseExample('E3')!;
    checkRows(ex);
    const x = Float64Array.from(ex.rows.flatMap((r) => r.input));
    const out = new Float64Array(4);
    forwardBatch(modelToNetwork(ex.model), x, 4, out);
    expect(Array.from(out)).toEqual([52, 63, 0, 148]);
  });

  it('E4 is a model of two hidden ReLU layers and a linear output', () => {
    const m = courseExample('E4')!.model;
    expect(m.layers.map((l) => `${l.units} ${l.activation}`)).toEqual(['2 relu', '2 relu', '1 linear']);
    // node_0_1 = [4, −5] is column 1 of the first kernel (Keras layout)
    expect(m.layers[0].kernel).toEqual([[2, 4], [4, -5]]);
  });

  it('are valid model files that survive a write and read', () => {
    for (const ex of [...courseExamples(), courseSlideS2Prime()]) {
      const back = readModelFile(writeModelFile(ex.model));
      expect(back.ok && back.value).toEqual(ex.model);
      expect(summarize(modelToNetwork(ex.model)).totalParams).toBe(ex.model.layers.reduce((t, l) => t + l.kernel.length * l.units + l.units, 0));
    }
  });

  it('are fresh objects on each call', () => {
    const a = courseExamples();
    const b = courseExamples();
    expect(a[0]).not.toBe(b[0]);
    expect(a[0]).toEqual(b[0]);
  });
});
