/**
 * The "model with no interactions" a network is compared against: one dense layer straight from the inputs
 * to the outputs, fitted directly rather than by gradient descent.
 *   regression   least squares  min ‖X w + b − y‖² + Σ_j λ_j w_j²   by Householder QR on the ridge-augmented
 *                matrix [X 1; diag(√λ) 0] (never forming XᵀX, so the condition number is not squared). λ_j is a
 *                tiny multiple of column j's squared norm: it changes nothing measurable on a well-posed problem
 *                and turns a rank-deficient one (a constant or duplicated column) into the minimum-norm answer.
 *   binary       logistic regression  min mean BCE(σ(X w + b), y) + (c/2)‖w‖²
 *   multiclass   softmax regression   min mean CCE(softmax(X W + b), Y) + (c/2)‖W‖²
 *                both by L-BFGS (two-loop recursion, Armijo backtracking). c defaults to 1/rows, which is
 *                scikit-learn's LogisticRegression default (C = 1 on the summed loss).
 * The result is an ordinary Network, so the same forward pass, metrics and model file serve it.
 */
import type { ActivationName, DenseLayer, Network } from './model';
import { createWorkspace, lossAndGradients } from './backward';
import type { LossName } from './losses';

export interface BaselineResult {
  readonly network: Network;
  /** Solver iterations (0 for least squares). */
  readonly iterations: number;
  /** False when L-BFGS stopped at its iteration limit before the gradient became small. */
  readonly converged: boolean;
}

/**
 * Least-squares linear model for `outputs` targets: x is rows × inputs, y rows × outputs (row-major).
 * ridge scales the per-column penalty λ_j = ridge · (‖x_j‖² + 1).
 */
export function fitLeastSquares(x: Float64Array, rows: number, inputs: number, y: Float64Array, outputs: number, ridge = 1e-10): BaselineResult {
  const cols = inputs + 1;
  const m = rows + inputs;
  // A is column-major (m × cols): column j at a[j·m …]; rows ≥ `rows` hold the ridge block.
  const a = new Float64Array(m * cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < inputs; j++) a[j * m + r] = x[r * inputs + j];
    a[inputs * m + r] = 1;
  }
  for (let j = 0; j < inputs; j++) {
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[j * m + r] * a[j * m + r];
    a[j * m + rows + j] = Math.sqrt(ridge * (norm + 1));
  }
  const b = new Float64Array(m * outputs);
  for (let r = 0; r < rows; r++) for (let k = 0; k < outputs; k++) b[k * m + r] = y[r * outputs + k];

  // Householder QR: for each column, reflect v = x + sign(x₀)‖x‖e₀ so the column becomes (−sign·‖x‖, 0, …).
  const diag = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const cj = j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[cj + i] * a[cj + i];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diag[j] = 0;
      continue;
    }
    const alpha = a[cj + j] > 0 ? -norm : norm;
    a[cj + j] -= alpha;
    // v = a[j..m) of column j now; vᵀv = 2‖x‖(‖x‖ + |x₀|)
    let vv = 0;
    for (let i = j; i < m; i++) vv += a[cj + i] * a[cj + i];
    const apply = (target: Float64Array, off: number) => {
      let dot = 0;
      for (let i = j; i < m; i++) dot += a[cj + i] * target[off + i];
      const f = (2 * dot) / vv;
      for (let i = j; i < m; i++) target[off + i] -= f * a[cj + i];
    };
    for (let k = j + 1; k < cols; k++) apply(a, k * m);
    for (let k = 0; k < outputs; k++) apply(b, k * m);
    diag[j] = alpha;
  }
  // Back-substitution R w = Qᵀ b (R's diagonal in diag, above it in a).
  const kernel = new Float64Array(inputs * outputs);
  const bias = new Float64Array(outputs);
  const w = new Float64Array(cols);
  for (let k = 0; k < outputs; k++) {
    for (let j = cols - 1; j >= 0; j--) {
      let s = b[k * m + j];
      for (let q = j + 1; q < cols; q++) s -= a[q * m + j] * w[q];
      w[j] = diag[j] === 0 ? 0 : s / diag[j];
    }
    for (let j = 0; j < inputs; j++) kernel[j * outputs + k] = w[j];
    bias[k] = w[inputs];
  }
  const layer: DenseLayer = { inputs, units: outputs, activation: 'linear', kernel, bias };
  return { network: { inputSize: inputs, layers: [layer] }, iterations: 0, converged: true };
}

export interface LogisticOptions {
  /** L2 strength c on the mean loss: + (c/2)‖W‖² (biases unpenalized). Default 1/rows. */
  readonly l2?: number;
  /** Default 500. */
  readonly maxIterations?: number;
  /** Stop when the gradient's largest component is below this. Default 1e-7. */
  readonly tolerance?: number;
}

/**
 * Logistic (classes = 2: one sigmoid unit, y holds 0/1 per row) or softmax regression (classes > 2: y is
 * rows × classes one-hot), by L-BFGS on the penalized mean cross-entropy. Starts from zero weights, so the
 * result depends on the data only.
 */
export function fitLogistic(x: Float64Array, rows: number, inputs: number, y: Float64Array, classes: number, options: LogisticOptions = {}): BaselineResult {
  const units = classes === 2 ? 1 : classes;
  const activation: ActivationName = units === 1 ? 'sigmoid' : 'softmax';
  const loss: LossName = units === 1 ? 'binary_crossentropy' : 'categorical_crossentropy';
  const layer: DenseLayer = { inputs, units, activation, kernel: new Float64Array(inputs * units), bias: new Float64Array(units) };
  const network: Network = { inputSize: inputs, layers: [layer] };
  const c = options.l2 ?? 1 / Math.max(rows, 1);
  const nk = inputs * units;
  const n = nk + units;
  // Rows in blocks, so memory stays small on large data; block gradients are weighted by their share of the rows.
  const block = Math.max(1, Math.min(rows, 4096));
  const ws = createWorkspace(network, block, { simd: false });

  // f(θ) and ∇f(θ), θ = [kernel, bias]
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    layer.kernel.set(theta.subarray(0, nk));
    layer.bias.set(theta.subarray(nk));
    let f = 0;
    grad.fill(0);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const n = Math.min(block, rows - r0);
      f += lossAndGradients(network, ws, loss, x, r0 * inputs, y, r0 * units, n) / rows;
      const share = n / rows;
      for (let i = 0; i < nk; i++) grad[i] += share * ws.gradKernel[0][i];
      for (let j = 0; j < units; j++) grad[nk + j] += share * ws.gradBias[0][j];
    }
    for (let i = 0; i < nk; i++) {
      f += 0.5 * c * theta[i] * theta[i];
      grad[i] += c * theta[i];
    }
    return f;
  };
  const { theta, iterations, converged } = lbfgs(evaluate, new Float64Array(n), options.maxIterations ?? 500, options.tolerance ?? 1e-7);
  layer.kernel.set(theta.subarray(0, nk));
  layer.bias.set(theta.subarray(nk));
  return { network, iterations, converged };
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Limited-memory BFGS (memory 10) with Armijo backtracking, minimizing f from theta0. */
function lbfgs(
  f: (theta: Float64Array, grad: Float64Array) => number,
  theta0: Float64Array,
  maxIterations: number,
  tolerance: number,
): { theta: Float64Array; iterations: number; converged: boolean } {
  const n = theta0.length;
  const memory = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  let theta = Float64Array.from(theta0);
  let grad = new Float64Array(n);
  let value = f(theta, grad);
  const dir = new Float64Array(n);
  const alphas = new Float64Array(memory);
  const trial = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(grad) < tolerance) return { theta, iterations: it, converged: true };
    // two-loop recursion: dir = −H·grad
    for (let i = 0; i < n; i++) dir[i] = -grad[i];
    for (let k = S.length - 1; k >= 0; k--) {
      const rho = 1 / dot(Y[k], S[k]);
      const al = rho * dot(S[k], dir);
      alphas[k] = al;
      for (let i = 0; i < n; i++) dir[i] -= al * Y[k][i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const g = Math.sqrt(dot(grad, grad));
      for (let i = 0; i < n; i++) dir[i] /= Math.max(g, 1);
    }
    for (let k = 0; k < S.length; k++) {
      const rho = 1 / dot(Y[k], S[k]);
      const beta = rho * dot(Y[k], dir);
      for (let i = 0; i < n; i++) dir[i] += S[k][i] * (alphas[k] - beta);
    }
    let slope = dot(grad, dir);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = 0;
      Y.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -grad[i];
      slope = dot(grad, dir);
    }
    // Armijo: f(θ + t·d) ≤ f(θ) + 1e-4·t·gᵀd, halving t
    let t = 1;
    let next = NaN;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) trial[i] = theta[i] + t * dir[i];
      next = f(trial, trialGrad);
      if (next <= value + 1e-4 * t * slope) break;
      t /= 2;
    }
    if (!(next <= value)) return { theta, iterations: it, converged: false };
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i] - theta[i];
      yv[i] = trialGrad[i] - grad[i];
    }
    if (dot(s, yv) > 1e-12 * Math.sqrt(dot(s, s) * dot(yv, yv))) {
      S.push(s);
      Y.push(yv);
      if (S.length > memory) {
        S.shift();
        Y.shift();
      }
    }
    const previous = value;
    theta = Float64Array.from(trial);
    const swap = grad;
    grad = trialGrad;
    trialGrad = swap;
    value = next;
    if (previous - value <= 1e-15 * Math.max(1, Math.abs(value))) return { theta, iterations: it + 1, converged: maxAbs(grad) < tolerance * 100 };
  }
  return { theta, iterations: maxIterations, converged: maxAbs(grad) < tolerance };
}
