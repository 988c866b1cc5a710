/**
 * Which columns the Data tab shows, and in what order: the person's search by name and sort (file order,
 * type, missing count, variance). Pure, so a 785-column file is sorted the same way in a test as on screen.
 */
import type { ColumnInfo, ColumnType } from '../../../src-shared/data/dataset';

export type ColumnSort = 'file' | 'type' | 'missing' | 'variance';

export const COLUMN_SORTS: readonly { readonly id: ColumnSort; readonly label: string }[] = [
  { id: 'file', label: 'file order' },
  { id: 'type', label: 'type' },
  { id: 'missing', label: 'most missing' },
  { id: 'variance', label: 'highest variance' },
];

/** Types in the order a sort by type lists them: what feeds the network first. */
const TYPE_RANK: Record<ColumnType, number> = { numeric: 0, categorical: 1, date: 2, text: 3, empty: 4 };

/** Variance of a column's present values (std²); columns without one (text, empty) sort last. */
function variance(c: ColumnInfo): number {
  return c.std === null || !Number.isFinite(c.std) ? -1 : c.std * c.std;
}

/**
 * Indices into `columns` of those whose name contains `query` (case-insensitive, trimmed; empty: all),
 * ordered by `sort`; ties keep file order, so every sort is stable and predictable.
 */
export function columnOrder(columns: readonly ColumnInfo[], query: string, sort: ColumnSort): number[] {
  const q = query.trim().toLowerCase();
  const picked: number[] = [];
  columns.forEach((c, k) => {
    if (q === '' || c.name.toLowerCase().includes(q)) picked.push(k);
  });
  if (sort === 'file') return picked;
  const key = (k: number): number => {
    const c = columns[k];
    if (sort === 'type') return TYPE_RANK[c.type];
    if (sort === 'missing') return -c.missing;
    return -variance(c);
  };
  return picked.sort((a, b) => key(a) - key(b) || a - b);
}
