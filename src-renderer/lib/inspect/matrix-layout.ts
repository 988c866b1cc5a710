/**
 * How a confusion matrix fits its card at any number of classes: up to MATRIX_NUMBERS_MAX classes every
 * cell shows its count (cells narrower as classes grow); beyond, a compact heatmap of small squares whose
 * counts show on hover. Both scroll inside the card with sticky class headers when the card is narrower.
 */

/** Most classes whose counts are written in the cells. */
export const MATRIX_NUMBERS_MAX = 12;

/** Width of the compact heatmap's cells together (px), shared out among the classes. */
const COMPACT_BUDGET_PX = 640;

export interface MatrixLayout {
  /** Counts written in the cells (else on hover only). */
  readonly numbers: boolean;
  /** Cell width and height, px. */
  readonly cell: number;
  /** Class names in the column headers are written vertically (narrow cells). */
  readonly verticalLabels: boolean;
}

/** The layout for a matrix of `classes` × `classes` cells. */
export function matrixLayout(classes: number): MatrixLayout {
  if (classes <= 4) return { numbers: true, cell: 64, verticalLabels: false };
  if (classes <= MATRIX_NUMBERS_MAX) return { numbers: true, cell: 44, verticalLabels: false };
  return { numbers: false, cell: Math.max(8, Math.min(20, Math.floor(COMPACT_BUDGET_PX / classes))), verticalLabels: true };
}
