/**
 * A small cache of row pages for the virtualized table: pages of PAGE_ROWS rows, at most MAX_PAGES kept
 * (least recently used dropped), each page fetched once even when many scroll frames ask for it.
 */
import type { Cell, RowsPage } from '../../../src-shared/api/types';
import type { AppError, Result } from '../../../src-shared/result';

export const PAGE_ROWS = 200;
const MAX_PAGES = 24;

export type FetchPage = (start: number, count: number) => Promise<Result<RowsPage>>;

export class RowCache {
  readonly #pages = new Map<number, Cell[][]>();
  readonly #pending = new Set<number>();

  constructor(
    private readonly totalRows: number,
    private readonly fetchPage: FetchPage,
    /** Called when a page arrives, so the view can re-read the rows it shows. */
    private readonly onPage: () => void,
    private readonly onError: (error: AppError) => void,
  ) {}

  /** Row `index`, or undefined while its page is on its way (the fetch starts now). */
  row(index: number): Cell[] | undefined {
    const page = Math.floor(index / PAGE_ROWS);
    const rows = this.#pages.get(page);
    if (rows) {
      this.#pages.delete(page);
      this.#pages.set(page, rows); // most recently used last
      return rows[index - page * PAGE_ROWS];
    }
    this.#request(page);
    return undefined;
  }

  /** Fetches the pages covering rows first..last that are not cached yet. */
  prefetch(first: number, last: number): void {
    for (let p = Math.floor(first / PAGE_ROWS); p <= Math.floor(last / PAGE_ROWS); p++) {
      if (!this.#pages.has(p)) this.#request(p);
    }
  }

  #request(page: number): void {
    if (this.#pending.has(page)) return;
    const start = page * PAGE_ROWS;
    if (start >= this.totalRows) return;
    this.#pending.add(page);
    const count = Math.min(PAGE_ROWS, this.totalRows - start);
    this.fetchPage(start, count).then(
      (result) => {
        this.#pending.delete(page);
        if (!result.ok) return this.onError(result.error);
        this.#pages.set(page, result.value.rows);
        while (this.#pages.size > MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value!);
        this.onPage();
      },
      (thrown: unknown) => {
        this.#pending.delete(page);
        this.onError({ kind: 'api/failed', message: `Could not read rows ${start + 1}–${start + count}: ${String(thrown)}` });
      },
    );
  }
}
