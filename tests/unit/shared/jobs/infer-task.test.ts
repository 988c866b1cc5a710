import { describe, expect, it } from 'vitest';
import { classCodes, inferTask, MAX_INFERRED_CLASSES } from '../../../../src-shared/jobs/infer-task';

const values = (xs: (number | null)[]) => (k: number) => xs[k];
const codesOf = (xs: (number | null)[]) => classCodes(xs.length, values(xs));

describe('classCodes', () => {
  it('reads a 0/1 column (with missing cells) as the class codes 0 and 1', () => {
    expect(codesOf([1, 0, 0, null, 1, 1, 0])).toEqual([0, 1]);
  });
  it('gives null for fractions, for mostly unique integers, and past the class limit', () => {
    expect(codesOf([0, 1, 0.5, 1])).toBeNull();
    expect(codesOf([3, 7, 9, 12])).toBeNull();
    const many = Array.from({ length: 200 }, (_, k) => k % (MAX_INFERRED_CLASSES + 1));
    expect(codesOf(many)).toBeNull();
    expect(codesOf(many.map((v) => v % MAX_INFERRED_CLASSES))).toHaveLength(MAX_INFERRED_CLASSES);
  });
});

describe('inferTask', () => {
  it('infers binary for a numeric 0/1 target, with the codes as class labels', () => {
    const r = inferTask({ name: 'malignant', type: 'numeric' }, [0, 1]);
    expect(r.ok && r.value).toMatchObject({ task: 'binary', classes: ['0', '1'] });
    expect(r.ok && r.value.reason).toContain('2 distinct whole numbers');
  });
  it('infers regression for numbers that are not class codes, multiclass for three categories', () => {
    expect(inferTask({ name: 'y', type: 'numeric' }, null)).toMatchObject({ ok: true, value: { task: 'regression' } });
    expect(inferTask({ name: 's', type: 'categorical', categories: ['a', 'b', 'c'] }, null)).toMatchObject({ ok: true, value: { task: 'multiclass', classes: ['a', 'b', 'c'] } });
  });
  it('takes a chosen task, but refuses regression on categories and binary on three classes', () => {
    expect(inferTask({ name: 'm', type: 'numeric' }, [0, 1], 'regression')).toMatchObject({ ok: true, value: { task: 'regression', reason: 'as chosen' } });
    expect(inferTask({ name: 's', type: 'categorical', categories: ['a', 'b'] }, null, 'regression')).toMatchObject({ ok: false, error: { kind: 'train/task-mismatch' } });
    expect(inferTask({ name: 'k', type: 'numeric' }, [1, 2, 3], 'binary')).toMatchObject({ ok: true, value: { task: 'binary' } });
  });
  it('refuses a date target and a single class', () => {
    expect(inferTask({ name: 'd', type: 'date' }, null)).toMatchObject({ ok: false, error: { kind: 'train/unusable-target' } });
    expect(inferTask({ name: 'c', type: 'categorical', categories: ['only'] }, null)).toMatchObject({ ok: false, error: { kind: 'train/one-class' } });
  });
});
