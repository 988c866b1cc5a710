/**
 * A small cache of row pages for the virtualized table: pages of PAGE_ROWS rows, at most MAX_PAGES kept
 * (least recently used dropped), each page fetched once even when many scroll frames ask for it. Pages are
 * asked for in a task of their own after the one that needed them (`defer`), so a scroll frame only reads
 * memory: the requests of a frame go out together once it is drawn.
 */
import type { Cell, RowsPage } from '../../../src-shared/api/types';
import type { AppError, Result } from '../../../src-shared/result';

export const PAGE_ROWS = 200;
const MAX_PAGES = 24;

export type FetchPage = (start: number, count: number) => Promise<Result<RowsPage>>;

export class RowCache {
  readonly #pages = new Map<number, Cell[][]>();
  readonly #pending = new Set<number>();
  /** Pages needed since the last request went out. */
  readonly #wanted = new Set<number>();
  #scheduled = false;
  #disposed = false;

  constructor(
    private readonly totalRows: number,
    private readonly fetchPage: FetchPage,
    /** Called when a page (rows start..start+count−1) arrives, so the view can re-read the rows it shows. */
    private readonly onPage: (start: number, count: number) => void,
    private readonly onError: (error: AppError) => void,
    /** Runs the requests later: by default in a task of their own (a zero-delay timer). */
    private readonly defer: (run: () => void) => void = (run) => void setTimeout(run, 0),
  ) {}

  /** Stops asking main for pages (the table showing them is gone); pages on their way are dropped. */
  dispose(): void {
    this.#disposed = true;
    this.#wanted.clear();
  }

  /** Row `index`, or undefined while its page is on its way (the fetch starts in a later task). */
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
    if (this.#pending.has(page) || this.#disposed) return;
    if (page * PAGE_ROWS >= this.totalRows) return;
    this.#wanted.add(page);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.defer(() => {
      this.#scheduled = false;
      const pages = [...this.#wanted];
      this.#wanted.clear();
      for (const p of pages) if (!this.#pages.has(p)) this.#fetch(p);
    });
  }

  #fetch(page: number): void {
    if (this.#pending.has(page) || this.#disposed) return;
    const start = page * PAGE_ROWS;
    this.#pending.add(page);
    const count = Math.min(PAGE_ROWS, this.totalRows - start);
    this.fetchPage(start, count).then(
      (result) => {
        this.#pending.delete(page);
        if (this.#disposed) return;
        if (!result.ok) return this.onError(result.error);
        this.#pages.set(page, result.value.rows);
        while (this.#pages.size > MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value!);
        this.onPage(start, count);
      },
      (thrown: unknown) => {
        this.#pending.delete(page);
        if (!this.#disposed) this.onError({ kind: 'api/failed', message: `Could not read rows ${start + 1}–${start + count}: ${String(thrown)}` });
      },
    );
  }
}
