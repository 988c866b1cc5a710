/**
 * Principal component analysis of a rows × cols matrix X (row-major), for projecting hidden activations to 2-D.
 *   centre       Xc = X − 1·μᵀ, μ the column means
 *   covariance   C = Xcᵀ Xc / (rows − 1)
 *   components   the eigenvectors of C by eigenvalue, largest first (cyclic Jacobi rotations, to 1e-15 of the
 *                off-diagonal mass): the right singular vectors of Xc, as numpy.linalg.svd gives them
 *   scores       Xc · V  (row i's coordinates on the components)
 * Signs are deterministic: each component is flipped so its largest-magnitude loading (the first one on ties) is
 * positive. So the same activations always draw the same picture (a replay over training also aligns each frame
 * with the next: representation.ts).
 */

export interface Pca {
  readonly mean: Float64Array;
  /** k × cols, row-major: component c's loadings at c·cols …. */
  readonly components: Float64Array;
  /** Variance along each component (eigenvalue of C). */
  readonly variance: Float64Array;
  /** Share of the total variance of each component. */
  readonly varianceRatio: Float64Array;
  /** rows × k, row-major. */
  readonly scores: Float64Array;
  readonly k: number;
}

/** Eigenvalues and eigenvectors (columns of v, n × n row-major) of a symmetric n × n matrix `a` (destroyed). */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // rotation angle: θ = (a_qq − a_pp) / (2 a_pq), t = sign(θ) / (|θ| + √(θ² + 1))
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** The first `k` principal components of `x` (rows × cols); see the file comment. */
export function pca(x: Float64Array, rows: number, cols: number, k = 2): Pca {
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const cov = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cols; i++) {
      const di = x[r * cols + i] - mean[i];
      for (let j = i; j < cols; j++) cov[i * cols + j] += di * (x[r * cols + j] - mean[j]);
    }
  }
  const denom = Math.max(1, rows - 1);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      cov[i * cols + j] /= denom;
      cov[j * cols + i] = cov[i * cols + j];
    }
  }
  const { values, vectors } = symmetricEigen(cov, cols);
  const order = Array.from({ length: cols }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  const kk = Math.min(k, cols);
  const components = new Float64Array(kk * cols);
  const variance = new Float64Array(kk);
  let totalVariance = 0;
  for (const v of values) totalVariance += Math.max(0, v);
  for (let c = 0; c < kk; c++) {
    const e = order[c];
    let big = 0;
    for (let i = 1; i < cols; i++) if (Math.abs(vectors[i * cols + e]) > Math.abs(vectors[big * cols + e])) big = i;
    const sign = vectors[big * cols + e] < 0 ? -1 : 1;
    for (let i = 0; i < cols; i++) components[c * cols + i] = sign * vectors[i * cols + e];
    variance[c] = Math.max(0, values[e]);
  }
  const scores = new Float64Array(rows * kk);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < kk; c++) {
      let s = 0;
      for (let i = 0; i < cols; i++) s += (x[r * cols + i] - mean[i]) * components[c * cols + i];
      scores[r * kk + c] = s;
    }
  }
  const varianceRatio = variance.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  return { mean, components, variance, varianceRatio, scores, k: kk };
}
