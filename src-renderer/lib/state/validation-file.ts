/**
 * Validation rows from a separate file (the CLI's --validation-file): the file is read by main through the same
 * open-dataset path as any dataset (a path in Electron, the bytes in browser mode), kept open beside the training
 * data without being shown, and checked for the target and input columns before it is offered to training.
 */
import type { DatasetSummary } from '../../../src-shared/api/types';
import { tracked } from './flows';
import type { Workspace } from './workspace.svelte';

/** The open validation file, as the training panel shows it. */
export interface ValidationFile {
  readonly id: string;
  readonly name: string;
  readonly rows: number;
}

/** Columns the training needs that `summary` lacks (the target and every input), by name. */
export function missingColumns(summary: Pick<DatasetSummary, 'columns'>, needed: readonly string[]): string[] {
  const has = new Set(summary.columns.map((c) => c.name));
  return needed.filter((n) => !has.has(n));
}

/**
 * Reads `file` as the validation file; null (with the reason in the problems list) when it cannot be read or lacks
 * a column the training needs. `previous` (a validation file opened before) is closed in main.
 */
export async function openValidationFile(ws: Workspace, file: File, previous: ValidationFile | null): Promise<ValidationFile | null> {
  const path = ws.api.pathForFile?.(file) ?? null;
  const jobId = ws.newJobId('validation');
  const label = `Loading ${file.name} (validation rows)`;
  const loaded = path
    ? await tracked(ws, label, jobId, () => ws.api.openDataset({ path, jobId }))
    : await tracked(ws, label, jobId, async () => ws.api.uploadDataset({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), jobId }));
  if (!loaded.ok) {
    ws.problems.report({ ...loaded.error, file: loaded.error.file ?? file.name });
    return previous;
  }
  const needed = [...(ws.dataset.target ? [ws.dataset.target.name] : []), ...ws.dataset.inputs.map((c) => c.name)];
  const missing = missingColumns(loaded.value, needed);
  if (missing.length > 0) {
    void ws.api.closeDataset({ datasetId: loaded.value.id });
    ws.problems.report({ kind: 'train/validation-columns', message: `${file.name} cannot validate this training: it has no column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).map((n) => `'${n}'`).join(', ')}${missing.length > 5 ? `, … (${missing.length} in all)` : ''}.`, file: file.name });
    return previous;
  }
  if (previous) void ws.api.closeDataset({ datasetId: previous.id });
  return { id: loaded.value.id, name: loaded.value.name, rows: loaded.value.rows };
}
