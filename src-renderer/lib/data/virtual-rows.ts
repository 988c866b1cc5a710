/**
 * Which rows a virtualized list shows for a scroll position. Browsers cap an element's height (about 33
 * million px in Chromium, less elsewhere), so past MAX_SPACER_PX the spacer is compressed: scrolling maps
 * proportionally onto rows, and the visible block is shifted by the fraction of its first row.
 */
export const MAX_SPACER_PX = 8_000_000;

export interface RowWindow {
  /** First visible row (0-based). */
  readonly first: number;
  /** Rows to draw from `first` (clipped at the end). */
  readonly count: number;
  /** Offset of the drawn block from the top of the spacer, px. */
  readonly top: number;
  /** Height of the spacer element, px. */
  readonly spacer: number;
}

/** The window for `rows` rows of `rowHeight` px in a viewport `viewport` px tall scrolled to `scrollTop`. */
export function rowWindow(rows: number, rowHeight: number, viewport: number, scrollTop: number): RowWindow {
  const full = rows * rowHeight;
  const spacer = Math.min(full, MAX_SPACER_PX);
  // ratio maps spacer scroll range onto the full content's scroll range (1 when not compressed)
  const ratio = spacer > viewport ? Math.max(1, (full - viewport) / (spacer - viewport)) : 1;
  const maxScroll = Math.max(0, spacer - viewport);
  const scroll = Math.min(Math.max(0, scrollTop), maxScroll);
  const virtualTop = scroll * ratio;
  const first = Math.min(Math.floor(virtualTop / rowHeight), Math.max(0, rows - 1));
  const fraction = virtualTop - first * rowHeight;
  const count = Math.max(0, Math.min(rows - first, Math.ceil(viewport / rowHeight) + 2));
  return { first, count, top: scroll - fraction, spacer };
}
