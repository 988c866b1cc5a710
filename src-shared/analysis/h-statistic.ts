/**
 * Which features interact: Friedman's H-statistic for pairs (Friedman & Popescu 2008, "Predictive learning via
 * rule ensembles", section 8.1). On a sample of n rows x_1 … x_n:
 *   one-way partial dependence   F_j(x_ij)        = (1/n) Σ_l F(x_ij, x_{l,\j})
 *   two-way partial dependence   F_jk(x_ij, x_ik) = (1/n) Σ_l F(x_ij, x_ik, x_{l,\{j,k\}})
 * each centred to mean zero over the n sample points. If j and k do not interact, F_jk = F_j + F_k, so
 *   H²_jk = Σ_i [F_jk(x_ij, x_ik) − F_j(x_ij) − F_k(x_ik)]² / Σ_i F²_jk(x_ij, x_ik)        (their eq. 44)
 * is the share of the pair's joint effect that is not the sum of the two one-way effects: 0 for an additive model,
 * up to 1 (it can exceed 1 a little when the one-way effects are tiny and of opposite sign). We report H = √H².
 * A pair whose joint effect is exactly 0 (the model ignores both) has H = 0.
 * Cost: n² predictions per feature and per pair, hence a seeded sample (default 100 rows).
 * A feature is a model input (a dataset column; a categorical one moves all its one-hot inputs together).
 */
import type { ColumnInfo, DatasetMatrix } from '../data/dataset';
import { err, ok, type Result } from '../result';
import { usableRows } from './features';
import { cancelledAnalysis, type AnalysisHooks } from './hooks';
import type { ModelResponse } from './response';
import { blockMeans, copyCell, copyRows, repeatRows, sampleIndices, type CellRows } from './rows';
import { hasHave, plural } from '../text/numbers';

export interface InteractionOptions {
  /** Rows in the sample (default 100; 0 = all usable rows, which costs n² predictions per pair). */
  readonly sample?: number;
  readonly seed?: number;
  /** Only these features (model input names); default all the model's inputs. */
  readonly features?: readonly string[];
  /** A classifier's class whose probability is the response (multiclass; default the first): read by runAnalysis. */
  readonly class?: string;
}

export interface PairInteraction {
  readonly a: string;
  readonly b: string;
  /** H = √H² (see the file comment). */
  readonly h: number;
  /**
   * The interaction's size in the response's units: √(Σ_i [F_jk − F_j − F_k]² / n), H's numerator unnormalized
   * (Friedman & Popescu's eq. 44 before dividing). A large H on a pair with a tiny joint effect has a tiny effect.
   */
  readonly effect: number;
}

export interface Interactions {
  /** Sorted by h, largest first. */
  readonly pairs: PairInteraction[];
  readonly features: string[];
  readonly rows: number;
  readonly usableRows: number;
  readonly seed: number;
}

/** Most features H is computed for (435 pairs). */
export const MAX_INTERACTION_FEATURES = 30;

/** Centred partial dependence at the sample's own points: entry i = F_S(x_iS) − mean, S = `cols`. */
function centredDependence(response: ModelResponse, base: CellRows, cols: readonly number[]): Float64Array {
  const n = base.rows;
  const batch = repeatRows(base, n);
  // block i: every row with the features S taken from sample row i
  for (let i = 0; i < n; i++) for (let l = 0; l < n; l++) for (const c of cols) copyCell(base, i, batch, i * n + l, c);
  const pd = blockMeans(response.respond(batch), n, n);
  let mean = 0;
  for (const v of pd) mean += v;
  mean /= n;
  for (let i = 0; i < n; i++) pd[i] -= mean;
  return pd;
}

/** H for every pair of the model's inputs (or options.features), on a seeded sample of the usable rows. */
export function pairInteractions(response: ModelResponse, columns: readonly ColumnInfo[], matrix: DatasetMatrix, options: InteractionOptions = {}, hooks: AnalysisHooks = {}): Result<Interactions> {
  const inputs = response.plan.inputs;
  const names = options.features ? [...options.features] : inputs.map((i) => i.name);
  for (const name of names) {
    if (!inputs.some((i) => i.name === name)) return err({ kind: 'analysis/not-an-input', message: `'${name}' is not one of the model's inputs.`, column: name });
  }
  if (names.length < 2) return err({ kind: 'analysis/too-few-features', message: 'Interactions need at least two model inputs.' });
  if (names.length > MAX_INTERACTION_FEATURES) return err({ kind: 'analysis/too-many-features', message: `H is computed for at most ${MAX_INTERACTION_FEATURES} inputs; this model has ${names.length}: choose some.` });
  const cols = names.map((name) => inputs.find((i) => i.name === name)!.column);
  const seed = options.seed ?? 1;
  const usable = usableRows(response, matrix);
  if (usable.length < 2) return err({ kind: 'analysis/too-few-rows', message: `${usable.length === 0 ? 'No row has' : `Only ${plural(usable.length, 'row')} ${hasHave(usable.length)}`} every model input; H needs at least 2.` });
  const size = options.sample ?? 100;
  const base = copyRows(matrix, size > 0 ? sampleIndices(usable, size, seed) : usable);
  const p = cols.length;
  const total = p + (p * (p - 1)) / 2;
  let done = 0;
  const oneWay: Float64Array[] = [];
  for (const c of cols) {
    if (hooks.cancelled?.()) return cancelledAnalysis();
    oneWay.push(centredDependence(response, base, [c]));
    hooks.onProgress?.(++done, total);
  }
  const pairs: PairInteraction[] = [];
  for (let j = 0; j < p; j++) {
    for (let k = j + 1; k < p; k++) {
      if (hooks.cancelled?.()) return cancelledAnalysis();
      const joint = centredDependence(response, base, [cols[j], cols[k]]);
      let num = 0;
      let den = 0;
      for (let i = 0; i < base.rows; i++) {
        num += (joint[i] - oneWay[j][i] - oneWay[k][i]) ** 2;
        den += joint[i] ** 2;
      }
      pairs.push({ a: names[j], b: names[k], h: den > 0 ? Math.sqrt(num / den) : 0, effect: Math.sqrt(num / base.rows) });
      hooks.onProgress?.(++done, total);
    }
  }
  pairs.sort((x, y) => y.h - x.h);
  return ok({ pairs, features: names, rows: base.rows, usableRows: usable.length, seed });
}
