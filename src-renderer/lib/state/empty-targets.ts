/**
 * Rows whose target cell is empty: training leaves them out, so the person hears it when the target is chosen, in the
 * problems list — how many (from the column summary) and the file lines of the first few (read page by page until
 * found) — not as a surprise at Train.
 */
import { MAX_ROWS_PER_CALL } from '../../../src-shared/api/contract';
import type { ColumnInfo, DatasetSummary } from '../../../src-shared/api/types';
import type { Workspace } from './workspace.svelte';
import { formatCount } from '../format/numbers';

export const EMPTY_TARGET_KIND = 'dataset/empty-target';
/** File lines named in the message. */
export const EMPTY_TARGET_LINES = 5;

/** The sentence for `count` empty targets of `target`, naming the first `lines` (1-based file lines). */
export function emptyTargetMessage(target: string, count: number, total: number, lines: readonly number[]): string {
  const rows = count === 1 ? '1 row has' : `${formatCount(count)} of ${formatCount(total)} rows have`;
  const where = lines.length === 0 ? '' : `${lines.length < count ? ', first on line' : ' on line'}${lines.length === 1 ? '' : 's'} ${lines.join(', ')}${lines.length < count ? ', …' : ''}`;
  return `${rows} no value in the target '${target}'${where}; training leaves ${count === 1 ? 'it' : 'them'} out.`;
}

/** Replaces the empty-target problem for the new target (none when every row has one). */
export async function reportEmptyTargets(ws: Workspace, summary: DatasetSummary, target: ColumnInfo | null): Promise<void> {
  ws.problems.list = ws.problems.list.filter((p) => p.kind !== EMPTY_TARGET_KIND);
  if (!target || target.missing === 0) return;
  const col = summary.columns.indexOf(target);
  const lines: number[] = [];
  for (let start = 0; start < summary.rows && lines.length < EMPTY_TARGET_LINES; start += MAX_ROWS_PER_CALL) {
    const page = await ws.api.getRows({ datasetId: summary.id, start, count: Math.min(MAX_ROWS_PER_CALL, summary.rows - start) });
    if (ws.dataset.summary !== summary || ws.dataset.target?.name !== target.name) return; // another file or target meanwhile
    if (!page.ok) break;
    page.value.rows.forEach((cells, k) => {
      if (cells[col] === null && lines.length < EMPTY_TARGET_LINES) lines.push(summary.firstDataLine + start + k);
    });
  }
  ws.problems.list = ws.problems.list.filter((p) => p.kind !== EMPTY_TARGET_KIND);
  ws.problems.report({ kind: EMPTY_TARGET_KIND, message: emptyTargetMessage(target.name, target.missing, summary.rows, lines), file: summary.name, ...(lines[0] !== undefined ? { line: lines[0] } : {}), column: target.name }, 'warning');
}
