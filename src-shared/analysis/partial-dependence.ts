/**
 * Partial dependence (Friedman 2001; Friedman & Popescu 2008, section 8.1): the mean prediction as feature X sweeps
 * a grid while every row keeps its other values,
 *     PD_X(x) = (1/n) Σ_i F(x, x_{i,\X})
 * over the n rows analysed. Grouped by a feature G, one line per group g is the two-way partial dependence
 *     PD_{X,G}(x, g) = (1/n) Σ_i F(x, g, x_{i,\{X,G\}})
 * (G set to the category, or to the median of a numeric quantile group). Without an interaction between X and G,
 * F = f(x) + h(g, rest) and the lines are parallel: they differ by a constant. `interaction` measures how far
 * from parallel they are: Σ_{g,x} (c_g(x) − c̄(x))² / Σ_{g,x} c_g(x)², with c_g line g centred over the grid and
 * c̄ the mean of the centred lines (0 for parallel lines, up to 1).
 * ICE curves (Goldstein et al. 2015) are the individual terms F(x, x_{i,\X}) for a seeded sample of rows.
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { err, ok, type Result } from '../result';
import { featureGroups, findInput, numericGrid, presentValues, requireNumeric, usableRows, type FeatureGroup } from './features';
import { cancelledAnalysis, type AnalysisHooks } from './hooks';
import type { ModelResponse } from './response';
import { blockMeans, copyRows, repeatRows, sampleIndices, setColumn } from './rows';

export interface DependenceOptions {
  readonly feature: string;
  readonly by?: string;
  /** Quantile groups of a numeric `by` (2–5, default 3). */
  readonly groups?: number;
  /** Grid points of X (default 20). */
  readonly grid?: number;
  /** Rows averaged over (a seeded sample; default 1000; 0 = all). */
  readonly sample?: number;
  readonly seed?: number;
  /** ICE curves for this many of the rows (default 0). */
  readonly ice?: number;
  /** A classifier's class whose probability is the response (multiclass; default the first): read by runAnalysis. */
  readonly class?: string;
}

export interface DependenceLine {
  readonly group: string | null;
  readonly y: number[];
}

export interface Dependence {
  readonly feature: string;
  readonly by: string | null;
  readonly x: number[];
  readonly lines: DependenceLine[];
  /** 0 when the lines are parallel (see the file comment); null with one line. */
  readonly interaction: number | null;
  readonly ice: { readonly row: number; readonly y: number[] }[];
  /** X of every row analysed (the rug). */
  readonly rug: number[];
  /** Rows averaged over, and whether they are a sample of the usable rows. */
  readonly rows: number;
  readonly usableRows: number;
  readonly seed: number;
  readonly label: string;
}

/**
 * Partial dependence of `response` on options.feature (numeric), optionally one line per group of options.by.
 * Errors name the flag and column: unknown column, not a model input, a categorical X, fewer than two groups.
 */
export function partialDependence(response: ModelResponse, columns: readonly ColumnInfo[], matrix: DatasetMatrix, options: DependenceOptions, hooks: AnalysisHooks = {}): Result<Dependence> {
  const xCol = findInput(response, columns, options.feature, '--feature');
  if (!xCol.ok) return xCol;
  const numeric = requireNumeric(columns, xCol.value, '--feature');
  if (!numeric.ok) return numeric;
  const seed = options.seed ?? 1;
  const usable = usableRows(response, matrix);
  const sampleSize = options.sample ?? 1000;
  const chosen = sampleSize > 0 ? sampleIndices(usable, sampleSize, seed) : usable;
  let groups: (FeatureGroup | null)[] = [null];
  let gCol = -1;
  if (options.by !== undefined) {
    const g = findInput(response, columns, options.by, '--by');
    if (!g.ok) return g;
    if (g.value === xCol.value) return err({ kind: 'analysis/bad-groups', message: `--by '${options.by}' is the feature itself; group by another column.`, column: options.by });
    const made = featureGroups(columns, matrix, chosen, g.value, options.groups ?? 3);
    if (!made.ok) return made;
    groups = made.value;
    gCol = g.value;
  }
  const rug = Array.from(presentValues(matrix, chosen, xCol.value));
  const x = numericGrid(Float64Array.from(rug), options.grid ?? 20);
  const base = copyRows(matrix, chosen);
  const n = base.rows;
  const lines: DependenceLine[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    if (hooks.cancelled?.()) return cancelledAnalysis();
    const group = groups[gi];
    const batch = repeatRows(base, x.length);
    x.forEach((v, k) => setColumn(batch, xCol.value, v, k * n, (k + 1) * n));
    if (group) setColumn(batch, gCol, group.value);
    lines.push({ group: group ? group.label : null, y: Array.from(blockMeans(response.respond(batch), x.length, n)) });
    hooks.onProgress?.(gi + 1, groups.length + 1);
  }
  const iceRows = sampleIndices(Array.from({ length: n }, (_, k) => k), Math.min(options.ice ?? 0, n), seed + 1);
  const ice = Array.from(iceRows, (k) => {
    const one = copyRows(base, [k]);
    const batch = repeatRows(one, x.length);
    x.forEach((v, j) => setColumn(batch, xCol.value, v, j, j + 1));
    return { row: chosen[k], y: Array.from(response.respond(batch)) };
  });
  hooks.onProgress?.(groups.length + 1, groups.length + 1);
  return ok({
    feature: options.feature,
    by: options.by ?? null,
    x,
    lines,
    interaction: lines.length > 1 ? nonParallel(lines.map((l) => l.y)) : null,
    ice,
    rug,
    rows: n,
    usableRows: usable.length,
    seed,
    label: response.label,
  });
}

/** Σ_{g,x} (c_g(x) − c̄(x))² / Σ_{g,x} c_g(x)² for the lines centred over x (0 when parallel). */
export function nonParallel(lines: readonly (readonly number[])[]): number {
  const centred = lines.map((y) => {
    const m = y.reduce((s, v) => s + v, 0) / y.length;
    return y.map((v) => v - m);
  });
  const points = centred[0].length;
  let num = 0;
  let den = 0;
  for (let k = 0; k < points; k++) {
    const mean = centred.reduce((s, c) => s + c[k], 0) / centred.length;
    for (const c of centred) {
      num += (c[k] - mean) ** 2;
      den += c[k] ** 2;
    }
  }
  return den === 0 ? 0 : num / den;
}
