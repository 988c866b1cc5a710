import { describe, expect, it } from 'vitest';
import { courseExamples } from '../../../src-shared/course/examples';
import { exampleCsv, exampleFileName } from '../../../src-renderer/lib/state/example-dataset';

describe('a course example as a small dataset of its own', () => {
  const byId = new Map(courseExamples().map((e) => [e.id, { ...e, expectedOutput: e.expected.output }]));

  it('S1: the model input names and its output as columns, the course row and its number', () => {
    const s1 = byId.get('S1')!;
    expect(exampleFileName(s1)).toBe('example-S1.csv');
    expect(exampleCsv(s1)).toBe('x_0,x_1,output\n2,3,9\n');
  });

  it('E3: every row the course evaluates, each with its output', () => {
    expect(exampleCsv(byId.get('E3')!)).toBe('x_0,x_1,output\n3,5,52\n1,-1,63\n0,0,0\n8,4,148\n');
  });

  it('numbers are written so they read back exactly; an example without rows falls back to its input and expected output', () => {
    const s2 = byId.get('S2')!;
    expect(exampleCsv(s2).split('\n')[1]).toBe('2,3,1.2382242525694254');
    expect(exampleCsv({ model: s2.model, input: [1, 2], expectedOutput: null })).toBe('x_0,x_1,output\n1,2,\n');
  });
});
