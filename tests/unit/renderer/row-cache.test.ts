import { describe, expect, it } from 'vitest';
import type { Cell, RowsPage } from '../../../src-shared/api';
import type { AppError, Result } from '../../../src-shared/result';
import { PAGE_ROWS, RowCache } from '../../../src-renderer/lib/state/row-cache';

function fakeMain(total: number) {
  const calls: [number, number][] = [];
  const fetch = async (start: number, count: number): Promise<Result<RowsPage>> => {
    calls.push([start, count]);
    const rows: Cell[][] = Array.from({ length: count }, (_, k) => [start + k]);
    return { ok: true, value: { start, rows } };
  };
  return { calls, fetch };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('RowCache', () => {
  it('fetches a page once however often its rows are asked for, then answers from memory', async () => {
    const main = fakeMain(1000);
    let arrived = 0;
    const cache = new RowCache(1000, main.fetch, () => arrived++, () => {});
    expect(cache.row(5)).toBeUndefined();
    expect(cache.row(6)).toBeUndefined();
    await settle();
    expect(main.calls).toEqual([[0, PAGE_ROWS]]);
    expect(arrived).toBe(1);
    expect(cache.row(5)).toEqual([5]);
    expect(cache.row(PAGE_ROWS - 1)).toEqual([PAGE_ROWS - 1]);
    expect(main.calls).toHaveLength(1);
  });

  it('asks for a short last page and nothing past the end', async () => {
    const main = fakeMain(450);
    const cache = new RowCache(450, main.fetch, () => {}, () => {});
    cache.prefetch(0, 10_000);
    await settle();
    expect(main.calls).toEqual([[0, 200], [200, 200], [400, 50]]);
  });

  it('keeps a bounded number of pages, dropping the least recently used', async () => {
    const total = PAGE_ROWS * 100;
    const main = fakeMain(total);
    const cache = new RowCache(total, main.fetch, () => {}, () => {});
    for (let p = 0; p < 100; p++) cache.row(p * PAGE_ROWS);
    await settle();
    main.calls.length = 0;
    cache.row(99 * PAGE_ROWS); // recent: still cached
    cache.row(0); // oldest: dropped, fetched again
    await settle();
    expect(main.calls).toEqual([[0, PAGE_ROWS]]);
  });

  it('reports a failed page as an error and tries again on the next request', async () => {
    const errors: AppError[] = [];
    let fail = true;
    const fetch = async (start: number, count: number): Promise<Result<RowsPage>> =>
      fail ? { ok: false, error: { kind: 'api/transport', message: 'closed' } } : { ok: true, value: { start, rows: Array.from({ length: count }, () => [1]) } };
    const cache = new RowCache(10, fetch, () => {}, (e) => errors.push(e));
    cache.row(0);
    await settle();
    expect(errors.map((e) => e.kind)).toEqual(['api/transport']);
    fail = false;
    cache.row(0);
    await settle();
    expect(cache.row(0)).toEqual([1]);
  });

  it('asks main in a later task, once for all pages a frame needed, and says which rows arrived', async () => {
    const main = fakeMain(10_000);
    const later: (() => void)[] = [];
    const arrived: [number, number][] = [];
    const cache = new RowCache(10_000, main.fetch, (start, count) => arrived.push([start, count]), () => {}, (run) => later.push(run));
    cache.row(5);
    cache.prefetch(150, 450);
    cache.row(401);
    expect(main.calls).toEqual([]); // nothing sent while the frame is being drawn
    expect(later).toHaveLength(1); // one deferred request for the whole frame
    later.shift()!();
    expect(main.calls).toEqual([[0, PAGE_ROWS], [200, PAGE_ROWS], [400, PAGE_ROWS]]);
    await settle();
    expect(arrived).toEqual([[0, PAGE_ROWS], [200, PAGE_ROWS], [400, PAGE_ROWS]]);
    expect(cache.row(401)).toEqual([401]);
  });

  it('after dispose asks for nothing more and ignores pages still on their way', async () => {
    const held: (() => void)[] = [];
    const calls: number[] = [];
    const fetch = (start: number, count: number) =>
      new Promise<Result<RowsPage>>((resolve) => {
        calls.push(start);
        held.push(() => resolve({ ok: true, value: { start, rows: Array.from({ length: count }, (_, k) => [start + k]) } }));
      });
    let arrived = 0;
    const errors: AppError[] = [];
    const cache = new RowCache(1000, fetch, () => arrived++, (e) => errors.push(e));
    cache.row(300);
    await settle();
    expect(calls).toEqual([200]); // on its way
    cache.dispose();
    held.shift()!();
    cache.row(700);
    await settle();
    expect(calls).toEqual([200]);
    expect(arrived).toBe(0);
    expect(cache.row(300)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
