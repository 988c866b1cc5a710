/** `inspect --data FILE [--header yes|no] [--encoding NAME] [--json]`: load a CSV and report its shape, column types, missing values and problems. */
import { escapeControlLines } from '../../src-shared/escape-control';
import type { CliCommand, CliIo } from './command';
import { parseFlags, requireFlag } from './command';
import { HEADER_FLAG, HEADER_USAGE, headerOption, parseHeaderFlag } from './header-flag';
import { loadDataset, type LoadedDataset } from '../services/datasets';
import { previewRows } from '../../src-shared/data/preview';
import type { ColumnInfo, LoadWarning } from '../../src-shared/data/dataset';
import type { AppError } from '../../src-shared/result';
import { plural } from '../../src-shared/text/numbers';

const HEAD_ROWS = 5;

/** The JSON report: one object (see issue 3 for its shape). */
export function inspectReport(d: LoadedDataset): Record<string, unknown> {
  return {
    file: d.name,
    bytes: d.bytes,
    rows: d.rows,
    cols: d.cols,
    delimiter: d.delimiter,
    encoding: d.encoding,
    header: d.header,
    decimal: d.decimal,
    columns: d.columns,
    head: previewRows(d, 0, HEAD_ROWS),
    warnings: d.warnings,
  };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function fmt(x: number | null): string {
  if (x === null) return '';
  return Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(5)));
}

function describe(c: ColumnInfo): string {
  if (c.type === 'categorical') {
    return (c.categories ?? []).map((k, i) => `${k} (${c.categoryCounts?.[i] ?? 0})`).join(', ');
  }
  if (c.type === 'text') return `${c.categories?.length ?? 0} distinct values`;
  if (c.type === 'date' && c.min !== null && c.max !== null) {
    return `${new Date(c.min).toISOString().slice(0, 10)} … ${new Date(c.max).toISOString().slice(0, 10)}`;
  }
  if (c.type === 'numeric' && c.min !== null) return `min ${fmt(c.min)}  max ${fmt(c.max)}  mean ${fmt(c.mean)}  std ${fmt(c.std)}`;
  return '';
}

/** The readable report. */
export function inspectText(d: LoadedDataset): string {
  const lines: string[] = [];
  lines.push(
    `${d.name}: ${plural(d.rows, 'row')} × ${plural(d.cols, 'column')} (${DELIMITER_NAMES[d.delimiter] ?? d.delimiter}-delimited, ${d.encoding}, ` +
      `${d.header ? 'header row' : 'no header row'}, decimal '${d.decimal}'), read in ${d.seconds.toFixed(2)} s`,
  );
  const nameWidth = Math.max(6, ...d.columns.map((c) => c.name.length));
  lines.push('', `  ${'column'.padEnd(nameWidth)}  ${'type'.padEnd(11)}  ${'missing'.padStart(7)}  values`);
  for (const c of d.columns) {
    lines.push(`  ${c.name.padEnd(nameWidth)}  ${c.type.padEnd(11)}  ${String(c.missing).padStart(7)}  ${describe(c)}`);
  }
  if (d.warnings.length > 0) lines.push('', ...warningLines(d.warnings));
  lines.push('', 'first rows:');
  for (const row of previewRows(d, 0, HEAD_ROWS)) lines.push(`  ${row.map((v) => (v === null ? 'NA' : String(v))).join(' | ')}`);
  return `${lines.join('\n')}\n`;
}

/** One line for a refusal: the file, the line, and what is wrong. */
export function refusalLine(path: string, e: AppError): string {
  const where = e.line !== undefined ? `${path}:${e.line}` : path;
  return `dense-lab inspect: ${where}: ${e.message}\n`;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  usage: `inspect --data FILE ${HEADER_USAGE} [--encoding NAME] [--json]`,
  summary: 'read a CSV file and report its rows, column types, missing values and problems',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags('inspect', argv, { data: { type: 'string' }, json: { type: 'boolean' }, encoding: { type: 'string' }, ...HEADER_FLAG });
    const path = requireFlag('inspect', values.data, 'data');
    const header = parseHeaderFlag('inspect', values.header);
    // --encoding: the file's encoding when detection chose wrong (shift_jis, gbk, windows-1251 …).
    const result = await loadDataset(path, { ...headerOption(header), ...(values.encoding === undefined ? {} : { encoding: values.encoding }) });
    if (!result.ok) {
      io.stderr.write(refusalLine(path, result.error));
      return 2;
    }
    io.stdout.write(values.json ? `${JSON.stringify(inspectReport(result.value))}\n` : escapeControlLines(inspectText(result.value)));
    return 0;
  },
};

/** The loader's warnings as the CLI lists them (inspect, predict): a heading, then one indented line each. */
export function warningLines(warnings: readonly LoadWarning[]): string[] {
  return [
    `warnings (${warnings.length}):`,
    ...warnings.map((w) => {
      const where = [w.line !== undefined ? `line ${w.line}` : '', w.column !== undefined ? `column "${w.column}"` : ''].filter(Boolean).join(', ');
      return `  ${where ? `${where}: ` : ''}${w.message}`;
    }),
  ];
}
