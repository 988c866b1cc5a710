/**
 * `forward --data CSV --row K`: one row of a CSV along the path every view uses (rowPath in
 * src-shared/jobs/row-path.ts): raw cells → imputation → scaling / one-hot → layers → prediction as `predict` writes it.
 */
import { loadDataset } from '../services/datasets';
import type { ModelFile } from '../../src-shared/model-file/types';
import { prepareRowPath, rowPath, rowPathJson, rowStatusText, type RowInput, type RowPath } from '../../src-shared/jobs/row-path';
import { UsageError, type CliIo } from './command';
import { headerOption, parseHeaderFlag } from './header-flag';
import { plural } from '../../src-shared/text/numbers';

export interface ForwardRowRequest {
  readonly data: string;
  /** 1-based over data rows, as typed. */
  readonly row: string;
  readonly header: string | undefined;
  readonly json: boolean;
}

/** Prints the row's path (JSON or text); exit 0, or a UsageError for a bad row number, file or model/data mismatch. */
export async function forwardDataRow(model: ModelFile, request: ForwardRowRequest, io: CliIo): Promise<number> {
  const header = parseHeaderFlag('forward', request.header);
  const k = Number(request.row);
  if (!/^\d+$/.test(request.row.trim()) || !Number.isSafeInteger(k) || k < 1) {
    throw new UsageError(`forward: --row must be a whole number from 1 (the first data row), got '${request.row}'`);
  }
  const loaded = await loadDataset(request.data, { parallel: { histograms: false }, ...headerOption(header) });
  if (!loaded.ok) throw new UsageError(`forward: ${oneLine(loaded.error.message)}`);
  const dataset = loaded.value;
  if (k > dataset.rows) throw new UsageError(`forward: --row ${k} is past the end of ${request.data}, which has ${dataset.rows} data row${dataset.rows === 1 ? '' : 's'}`);
  const prepared = prepareRowPath(model, dataset.columns);
  if (!prepared.ok) throw new UsageError(`forward: ${request.data}: ${oneLine(prepared.error.message)}`);
  const path = rowPath(prepared.value, dataset, k - 1);
  if (!path.ok) throw new UsageError(`forward: ${oneLine(path.error.message)}`);
  io.stdout.write(request.json ? rowPathJson(path.value) : rowPathText(model, path.value));
  return 0;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

/** `Horsepower 130 → 0.66 (standardised)`, `Origin 'US' → one-hot [1, 0, 0]`, with full-precision numbers. */
export function inputLine(input: RowInput): string {
  const raw = input.raw === null ? '(empty)' : typeof input.raw === 'string' ? `'${input.raw}'` : String(input.raw);
  const imputed = input.raw === null && input.imputed !== null ? ` imputed as ${typeof input.imputed === 'string' ? `'${input.imputed}'` : input.imputed}` : '';
  if (input.network.length === 0) return `${input.name} ${raw}${imputed} → no network input`;
  if (input.kind === 'one-hot') return `${input.name} ${raw}${imputed} → one-hot [${input.network.join(', ')}]`;
  const how = input.scale ? ` (standardised: (x − ${input.scale.mean}) / ${input.scale.std})` : ' (as is)';
  return `${input.name} ${raw}${imputed} → ${input.network[0]}${how}`;
}

function rowPathText(model: ModelFile, path: RowPath): string {
  const out: string[] = [`row ${path.row + 1}`];
  for (const input of path.inputs) out.push(`  ${inputLine(input)}`);
  if (!path.trace) {
    out.push(rowStatusText(path.status));
    return out.join('\n') + '\n';
  }
  path.trace.layers.forEach((l, k) => {
    const spec = model.layers[k];
    out.push(`layer ${k} (${plural(spec.units, `${spec.activation} unit`)})`);
    out.push(`  z: ${l.z.map(String).join(', ')}`);
    out.push(`  a: ${l.a.map(String).join(', ')}`);
  });
  out.push(`output: ${path.trace.output.map(String).join(', ')}`);
  out.push(`prediction (${model.output.name}): ${path.prediction.map((c) => `${c.name} ${c.value}`).join(', ')}`);
  return out.join('\n') + '\n';
}
