/**
 * A course example is a small dataset of its own: its rows (S1 one row, E3 four) with the model's input
 * names as columns and the course's output as the target column, written as CSV so it opens like any file
 * (the Data tab lists its rows, Predictions compares the network's output with the course's number).
 */
import type { CourseExample } from '../../../src-shared/api';

/** The file name the example's dataset is shown under. */
export function exampleFileName(example: Pick<CourseExample, 'id'>): string {
  return `example-${example.id}.csv`;
}

/** CSV text: a header of the model's input names and output name, then one line per row (empty output when the course states none). */
export function exampleCsv(example: Pick<CourseExample, 'model' | 'input' | 'expectedOutput' | 'rows'>): string {
  const rows = example.rows && example.rows.length > 0 ? example.rows : [{ input: example.input, output: example.expectedOutput }];
  const header = [...example.model.inputs.map((i) => i.name), example.model.output.name];
  const lines = rows.map((r) => [...r.input.map(String), r.output?.length === 1 ? String(r.output[0]) : ''].join(','));
  return `${[header.map(quote).join(','), ...lines].join('\n')}\n`;
}

/** A header cell quoted when it holds a comma, quote or line break (RFC 4180). */
function quote(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
