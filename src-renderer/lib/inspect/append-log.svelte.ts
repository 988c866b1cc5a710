/**
 * A list that grows one entry at a time while the views follow it (a run's epochs, its weight histograms): `push`
 * appends in place, amortised O(1), and bumps a version that every reader of `items` depends on. A list copied on
 * every epoch (`[...list, next]`) costs O(N) per epoch, so a run of many fast epochs slowed the window quadratically.
 * `items` is the same array while it grows (views that keep work between updates, like epoch-points.ts, extend what
 * they have by the new entries) and a new one after `reset`.
 */
export class AppendLog<T> {
  #items: T[] = [];
  #version = $state(0);

  /** The entries so far; reading it makes the reader (a template, $derived or $effect) follow pushes and resets. */
  get items(): readonly T[] {
    void this.#version;
    return this.#items;
  }

  push(item: T): void {
    this.#items.push(item);
    this.#version++;
  }

  /** Starts over with `items` (copied once) as a new array. */
  reset(items: readonly T[] = []): void {
    this.#items = [...items];
    this.#version++;
  }
}
