/**
 * Optimizers as settings of one general update with explicit state (in the spirit of tinygrad's optim.py).
 * Defaults and formulas are Keras's:
 *   SGD      v ← μv − ηg;  w ← w + v          (Nesterov: w ← w + μv − ηg);   μ = 0: w ← w − ηg
 *   RMSprop  s ← ρs + (1−ρ)g²;  w ← w − ηg / √(s + ε)
 *   Adam     m ← m + (1−β₁)(g − m);  v ← v + (1−β₂)(g² − v);  η_t = η√(1−β₂^t)/(1−β₁^t);  w ← w − η_t m / (√v + ε)
 * (ε is Keras's "epsilon hat": inside the square root for RMSprop, outside for Adam, as Keras does.)
 */

export const OPTIMIZERS = ['sgd', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface OptimizerSettings {
  readonly name: OptimizerName;
  readonly learningRate: number;
  /** SGD momentum μ. */
  readonly momentum: number;
  readonly nesterov: boolean;
  /** RMSprop decay ρ. */
  readonly rho: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Keras's defaults for each optimizer. */
export const OPTIMIZER_DEFAULTS: Readonly<Record<OptimizerName, OptimizerSettings>> = {
  sgd: { name: 'sgd', learningRate: 0.01, momentum: 0, nesterov: false, rho: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  rmsprop: { name: 'rmsprop', learningRate: 0.001, momentum: 0, nesterov: false, rho: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adam: { name: 'adam', learningRate: 0.001, momentum: 0, nesterov: false, rho: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
};

/** An optimizer's settings: Keras's defaults for `name`, with any given fields replacing them. */
export function optimizerSettings(name: OptimizerName, overrides: Partial<Omit<OptimizerSettings, 'name'>> = {}): OptimizerSettings {
  const base = OPTIMIZER_DEFAULTS[name];
  const out: { -readonly [K in keyof OptimizerSettings]: OptimizerSettings[K] } = { ...base };
  for (const key of Object.keys(overrides) as (keyof typeof overrides)[]) {
    const value = overrides[key];
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** What an optimizer remembers between steps: the step count and two slots per parameter array. */
export interface OptimizerState {
  /** Number of updates applied so far. */
  step: number;
  /** First-moment / velocity slot, one per parameter array. */
  readonly m: Float64Array[];
  /** Second-moment slot (RMSprop, Adam), one per parameter array. */
  readonly v: Float64Array[];
}

/** A fresh state (zeros) for parameter arrays of these sizes; `alloc` gives zeroed arrays (e.g. in a kernel's memory). */
export function createOptimizerState(params: readonly Float64Array[], alloc: (length: number) => Float64Array = (n) => new Float64Array(n)): OptimizerState {
  return { step: 0, m: params.map((p) => alloc(p.length)), v: params.map((p) => alloc(p.length)) };
}

/**
 * Adam's update over one parameter array, exactly as applyUpdate's loop (a host may give a faster one):
 * per i, m ← m + (g − m)·c1; v ← v + (g·g − v)·c2; w ← w − (m·alpha)/(√v + eps), with c1 = 1 − β₁, c2 = 1 − β₂.
 */
export type AdamKernel = (w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, alpha: number, c1: number, c2: number, eps: number) => void;

/** AdamKernel over every parameter at once: `arrays` holds [w, g, m, v] for each parameter, in order (one host call a step). */
export interface AdamMany {
  run(arrays: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number): void;
  readonly arrays: readonly Float64Array[];
}

/**
 * Apply one update to every parameter array in place, given their gradients (same shapes, same order as the state).
 * The one general rule: w ← w − η_t · direction(g, state), with the direction chosen by the settings.
 * `adamKernel`, when given, runs Adam's per-parameter loop (the same bits; η_t is computed here either way);
 * `adamMany` runs it for every parameter in one call (its arrays must be params, grads and state's, in order).
 */
export function applyUpdate(
  settings: OptimizerSettings,
  state: OptimizerState,
  params: readonly Float64Array[],
  grads: readonly Float64Array[],
  adamKernel?: AdamKernel,
  adamMany?: AdamMany,
): void {
  state.step += 1;
  const lr = settings.learningRate;
  if (adamMany && settings.name === 'adam') {
    const t = state.step;
    // η_t as below, once for every parameter
    const alpha = (lr * Math.sqrt(1 - Math.pow(settings.beta2, t))) / (1 - Math.pow(settings.beta1, t));
    adamMany.run(adamMany.arrays, alpha, 1 - settings.beta1, 1 - settings.beta2, settings.epsilon);
    return;
  }
  for (let p = 0; p < params.length; p++) {
    const w = params[p];
    const g = grads[p];
    const m = state.m[p];
    const v = state.v[p];
    const n = w.length;
    switch (settings.name) {
      case 'sgd': {
        const mu = settings.momentum;
        if (mu === 0) {
          // w ← w − ηg
          for (let i = 0; i < n; i++) w[i] = w[i] - lr * g[i];
        } else if (settings.nesterov) {
          // v ← μv − ηg; w ← w + μv − ηg
          for (let i = 0; i < n; i++) {
            m[i] = mu * m[i] - lr * g[i];
            w[i] = w[i] + mu * m[i] - lr * g[i];
          }
        } else {
          // v ← μv − ηg; w ← w + v
          for (let i = 0; i < n; i++) {
            m[i] = mu * m[i] - lr * g[i];
            w[i] = w[i] + m[i];
          }
        }
        break;
      }
      case 'rmsprop': {
        const rho = settings.rho;
        const eps = settings.epsilon;
        // s ← ρs + (1−ρ)g²; w ← w − ηg/√(s + ε)
        for (let i = 0; i < n; i++) {
          v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
          w[i] = w[i] - (lr * g[i]) / Math.sqrt(v[i] + eps);
        }
        break;
      }
      case 'adam': {
        const b1 = settings.beta1;
        const b2 = settings.beta2;
        const eps = settings.epsilon;
        const t = state.step;
        // η_t = η √(1 − β₂^t) / (1 − β₁^t)
        const alpha = (lr * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
        if (adamKernel) {
          adamKernel(w, g, m, v, alpha, 1 - b1, 1 - b2, eps);
          break;
        }
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          m[i] += (gi - m[i]) * (1 - b1);
          v[i] += (gi * gi - v[i]) * (1 - b2);
          w[i] -= (m[i] * alpha) / (Math.sqrt(v[i]) + eps);
        }
        break;
      }
    }
  }
}
