/**
 * Where the layer diagram puts its nodes. Columns (inputs, hidden layers, outputs) are spread evenly
 * across the width; a column of up to COMPACT_ABOVE nodes gets labelled circles, a larger one becomes a
 * compact strip of thin cells spread over the diagram's height (a heat strip of the row's values).
 */

/** Columns with more nodes than this are drawn compactly. */
export const COMPACT_ABOVE = 24;

export interface NodePos {
  readonly x: number;
  readonly y: number;
}

export interface ColumnLayout {
  readonly compact: boolean;
  /** Circle radius, or half the cell height of a compact column. */
  readonly size: number;
  readonly nodes: NodePos[];
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly columns: ColumnLayout[];
  /** Room for a "z = …" line under each node (small networks); otherwise z is shown on hover. */
  readonly roomy: boolean;
  /** Every column at most TIGHT_ABOVE nodes: each edge carries its weight label, as on the course's slides. */
  readonly labelEdges: boolean;
  /** Nodes too close for labels (a column of more than TIGHT_ABOVE): shaded circles, names and values on hover. */
  readonly tight: boolean;
}

const TIGHT_ABOVE = 12;

/** Up to this many nodes in the tallest labelled column, nodes are spaced widely enough to print z. */
const ROOMY_UP_TO = 6;
const TOP = 56;
const SIDE = 150;
/** The input column's side is wider: its labels carry the row's caption ("130 → 0.66 (standardised)"). */
const LEFT = 210;

/** Positions of every node for columns of the given sizes, in a box `width` wide. */
export function layoutDiagram(sizes: readonly number[], width = 960): DiagramLayout {
  const normal = sizes.filter((n) => n <= COMPACT_ABOVE);
  const tallest = normal.length ? Math.max(...normal) : 0;
  const roomy = tallest <= ROOMY_UP_TO;
  const tight = tallest > TIGHT_ABOVE;
  // Tight columns fit in about 720 px: spacing 720 / n, at least 22 px.
  const SPACING = roomy ? 96 : tight ? Math.max(22, Math.floor(720 / tallest)) : 64;
  const RADIUS = roomy ? 24 : tight ? Math.min(14, SPACING * 0.4) : 20;
  const anyCompact = sizes.some((n) => n > COMPACT_ABOVE);
  const inner = Math.max(tallest * SPACING, anyCompact ? 480 : 0, SPACING * 2);
  const height = inner + TOP + 24;
  const step = sizes.length > 1 ? (width - LEFT - SIDE) / (sizes.length - 1) : 0;
  const columns = sizes.map((n, c) => {
    const x = sizes.length > 1 ? LEFT + c * step : width / 2;
    if (n > COMPACT_ABOVE) {
      const gap = inner / n;
      return { compact: true, size: Math.max(0.3, gap / 2), nodes: Array.from({ length: n }, (_, k) => ({ x, y: TOP + gap * (k + 0.5) })) };
    }
    const top = TOP + (inner - n * SPACING) / 2;
    return { compact: false, size: RADIUS, nodes: Array.from({ length: n }, (_, k) => ({ x, y: top + SPACING * (k + 0.5) })) };
  });
  return { width, height, columns, roomy, tight, labelEdges: sizes.every((n) => n <= TIGHT_ABOVE) };
}
