import { describe, expect, it } from 'vitest';
import { predictionColumnNames, predictionColumns } from '../../../../src-shared/jobs/prediction-columns';
import { ROW_STATUS } from '../../../../src-shared/jobs/forward';

const OK = ROW_STATUS.ok;
const MISSING = ROW_STATUS.missingInput;

describe('predictionColumns', () => {
  it('regression: raw output, or y′·std + mean with a target scale; NaN for rows without a prediction', () => {
    const r = predictionColumns({ name: 'y', task: 'regression', scale: { mean: 3, std: 2 } }, Float64Array.from([1.5, 7, -1]), 1, Uint8Array.from([OK, MISSING, OK]));
    expect(r.ok && r.value[0].kind === 'number' && Array.from(r.value[0].values)).toEqual([6, NaN, 1]);
  });

  it('binary, one sigmoid unit: positive only when p > 0.5', () => {
    const r = predictionColumns({ name: 'y', task: 'binary', classes: ['n', 'p'] }, Float64Array.from([0.5, 0.5000000000000001, 0.2, 0.9]), 1, Uint8Array.from([OK, OK, OK, MISSING]));
    if (!r.ok) throw new Error(r.error.message);
    const [cls, prob] = r.value;
    expect(cls.kind === 'class' && Array.from(cls.codes)).toEqual([0, 1, 0, -1]);
    expect(prob.kind === 'number' && Array.from(prob.values)).toEqual([0.5, 0.5000000000000001, 0.2, NaN]);
  });

  it('multiclass: argmax with the first class on a tie, one probability column per class', () => {
    const raw = Float64Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8]);
    const r = predictionColumns({ name: 'y', task: 'multiclass', classes: ['a', 'b', 'c'] }, raw, 3, Uint8Array.from([OK, OK, OK]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((c) => c.name)).toEqual(['predicted_class', 'p_a', 'p_b', 'p_c']);
    expect(r.value[0].kind === 'class' && Array.from(r.value[0].codes)).toEqual([1, 0, 2]);
    expect(r.value[2].kind === 'number' && Array.from(r.value[2].values)).toEqual([0.5, 0.4, 0.1]);
  });

  it('refuses outputs that do not fit the task', () => {
    const status = Uint8Array.from([OK]);
    expect(predictionColumns({ name: 'y', task: 'regression' }, new Float64Array(2), 2, status).ok).toBe(false);
    expect(predictionColumns({ name: 'y', task: 'binary', classes: ['a', 'b'] }, new Float64Array(3), 3, status).ok).toBe(false);
    expect(predictionColumns({ name: 'y', task: 'multiclass', classes: ['a', 'b', 'c'] }, new Float64Array(2), 2, status).ok).toBe(false);
  });

  it('names the columns it makes', () => {
    expect(predictionColumnNames({ name: 'y', task: 'multiclass', classes: ['x', 'y z'] })).toEqual(['predicted_class', 'p_x', 'p_y z']);
    expect(predictionColumnNames({ name: 'y', task: 'binary', classes: ['0', '1'] })).toEqual(['predicted_class', 'probability']);
    expect(predictionColumnNames({ name: 'y', task: 'regression' })).toEqual(['prediction']);
  });
});
