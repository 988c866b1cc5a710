import { describe, expect, it } from 'vitest';
import { carryChoices, isHeaderNote, rememberChoices } from '../../../src-renderer/lib/data/header-reading';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import { sniff } from '../../../src-shared/data/csv/sniff';

const numeric = (name: string): ColumnInfo => ({ name, type: 'numeric', missing: 0, min: 0, max: 1, mean: 0.5, std: 0.5 });
const text = (name: string): ColumnInfo => ({ name, type: 'text', missing: 0, min: null, max: null, mean: null, std: null });
const categorical = (name: string): ColumnInfo => ({ ...text(name), type: 'categorical', categories: ['a', 'b'] });
const usable = (c: ColumnInfo) => c.type !== 'text';

describe('the loader note about the first row', () => {
  it("is recognised in the loader's own words, either reading", () => {
    const asHeader = sniff(new TextEncoder().encode('2019,2020,2021\n0.5,1.5,2.5\n1.5,2.5,3.5\n2.5,3.5,4.5\n'), false);
    expect(asHeader.ok).toBe(true);
    const notes = asHeader.ok ? asHeader.value.warnings : [];
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.some(isHeaderNote)).toBe(true);
    expect(isHeaderNote({ line: 1, message: 'first row read as data: its values are 1, x (…)', kind: 'header-guess' })).toBe(true);
  });

  it('is recognised by its kind, not its wording', () => {
    expect(isHeaderNote({ line: 1, message: 'reworded: line 1 might be the header', kind: 'header-guess' })).toBe(true);
    expect(isHeaderNote({ line: 1, message: 'first row read as data: its values are 1, x (…)' })).toBe(false);
  });

  it('is not any other warning', () => {
    expect(isHeaderNote({ line: 3, column: 'b', message: 'text "x" in a numeric column read as missing' })).toBe(false);
    expect(isHeaderNote({ line: 1, message: 'the first row read as a header has duplicate names' })).toBe(false);
  });
});

describe('column choices across readings of a file', () => {
  const headerReading = { roles: { '2019': 'ignore', '2020': 'input', '2021': 'target' }, categorical: {}, target: '2021', taskOverride: 'binary' } as const;

  it('carries roles, target and its task to columns of the same name, and nothing to other names', () => {
    const remembered = rememberChoices(null, headerReading);
    const same = carryChoices(remembered, [numeric('2019'), numeric('2020'), numeric('2021')], usable);
    expect(same).toEqual({ roles: { '2019': 'ignore', '2020': 'input' }, categorical: {}, target: '2021', task: 'binary' });
    const renamed = carryChoices(remembered, [numeric('col_1'), numeric('col_2'), numeric('col_3')], usable);
    expect(renamed).toEqual({ roles: {}, categorical: {}, target: null, task: null });
  });

  it('brings back the choices of an earlier reading after a reading with other names', () => {
    const first = rememberChoices(null, headerReading);
    const second = rememberChoices(first, { roles: { col_1: 'input', col_2: 'ignore', col_3: 'target' }, categorical: {}, target: 'col_3', taskOverride: null });
    expect(carryChoices(second, [numeric('2019'), numeric('2020'), numeric('2021')], usable).target).toBe('2021');
    expect(carryChoices(second, [numeric('col_1'), numeric('col_2'), numeric('col_3')], usable)).toEqual({ roles: { col_1: 'input', col_2: 'ignore' }, categorical: {}, target: 'col_3', task: null });
  });

  it('the latest choice wins: a former target now an input, a task override taken back', () => {
    const first = rememberChoices(null, headerReading);
    const later = rememberChoices(first, { roles: { '2021': 'input', '2020': 'target' }, categorical: {}, target: '2020', taskOverride: null });
    const carried = carryChoices(later, [numeric('2019'), numeric('2020'), numeric('2021')], usable);
    expect(carried.target).toBe('2020');
    expect(carried.roles['2021']).toBe('input');
    const undone = rememberChoices(later, { roles: { '2021': 'target' }, categorical: {}, target: '2021', taskOverride: null });
    expect(carryChoices(undone, [numeric('2021')], usable).task).toBeNull();
  });

  it('does not make an input of a column that cannot be one, and keeps encodings only for categorical columns', () => {
    const remembered = rememberChoices(null, { roles: { a: 'input', b: 'input' }, categorical: { a: 'ignore', b: 'ignore' }, target: null, taskOverride: null });
    const carried = carryChoices(remembered, [text('a'), categorical('b')], usable);
    expect(carried.roles).toEqual({ b: 'input' });
    expect(carried.categorical).toEqual({ b: 'ignore' });
  });

  it('ignores names that are properties of every object', () => {
    const remembered = rememberChoices(null, { roles: {}, categorical: {}, target: null, taskOverride: null });
    expect(carryChoices(remembered, [numeric('constructor'), numeric('__proto__'), numeric('toString')], usable)).toEqual({ roles: {}, categorical: {}, target: null, task: null });
  });
});
