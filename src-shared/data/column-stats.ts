/**
 * Column statistics gathered chunk by chunk over row-major cells: missing count, min, max, mean and
 * (population) standard deviation, category counts, and a histogram. Mean and spread are combined
 * across chunks with Chan et al.'s pairwise update, each chunk done in two passes while it is in cache:
 *   mean = mean_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n,  δ = mean_b − mean_a,  std = √(M2/n)
 */
import type { ColumnInfo, ColumnType, Histogram } from './dataset';

const HISTOGRAM_BINS = 20;

export interface ColumnDescription {
  readonly name: string;
  readonly type: ColumnType;
  readonly categories?: string[];
}

/** Accumulates statistics for every column of a row-major matrix, one block of rows at a time. */
export class ColumnStats {
  private readonly n: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly missing: Float64Array;
  private readonly counts: (number[] | null)[];
  private readonly measured: boolean[];

  constructor(private readonly columns: readonly ColumnDescription[]) {
    const k = columns.length;
    this.n = new Float64Array(k);
    this.mean = new Float64Array(k);
    this.m2 = new Float64Array(k);
    this.min = new Float64Array(k).fill(Infinity);
    this.max = new Float64Array(k).fill(-Infinity);
    this.missing = new Float64Array(k);
    this.counts = columns.map((c) => (c.type === 'categorical' && c.categories ? new Array<number>(c.categories.length).fill(0) : null));
    this.measured = columns.map((c) => c.type === 'numeric' || c.type === 'date');
  }

  /** Add `cells` row-major cells (whole rows); missing[i] = 1 marks a missing cell. */
  add(values: Float64Array, missing: Uint8Array, cells: number): void {
    const cols = this.columns.length;
    for (let c = 0; c < cols; c++) {
      let n = 0;
      let sum = 0;
      let lo = Infinity;
      let hi = -Infinity;
      let absent = 0;
      const counts = this.counts[c];
      for (let i = c; i < cells; i += cols) {
        if (missing[i] !== 0) {
          absent++;
          continue;
        }
        const x = values[i];
        if (counts) {
          counts[x]++;
          continue;
        }
        n++;
        sum += x;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      this.missing[c] += absent;
      if (!this.measured[c] || n === 0) continue;
      const mb = sum / n;
      let m2b = 0;
      for (let i = c; i < cells; i += cols) {
        if (missing[i] === 0) {
          const d = values[i] - mb;
          m2b += d * d;
        }
      }
      const na = this.n[c];
      const total = na + n;
      const delta = mb - this.mean[c];
      this.mean[c] += (delta * n) / total;
      this.m2[c] += m2b + (delta * delta * na * n) / total;
      this.n[c] = total;
      if (lo < this.min[c]) this.min[c] = lo;
      if (hi > this.max[c]) this.max[c] = hi;
    }
  }

  /** Column metadata; the histogram needs one more row-major pass over the final matrix. */
  describe(values: Float64Array, missing: Uint8Array, rows: number): ColumnInfo[] {
    const hist = this.histograms(values, missing, rows);
    return this.columns.map((col, c) => {
      const has = this.measured[c] && this.n[c] > 0;
      const counts = this.counts[c];
      return {
        name: col.name,
        type: col.type,
        missing: this.missing[c],
        min: has ? this.min[c] : null,
        max: has ? this.max[c] : null,
        mean: has ? this.mean[c] : null,
        // Population standard deviation (divide by n), as StandardScaler uses.
        std: has ? Math.sqrt(this.m2[c] / this.n[c]) : null,
        ...(col.categories ? { categories: col.categories } : {}),
        ...(counts ? { categoryCounts: counts } : {}),
        ...(hist[c] ? { histogram: hist[c] as Histogram } : {}),
      };
    });
  }

  /** Equal-width histograms (20 bins; one bin when all values are equal) of the measured columns. */
  private histograms(values: Float64Array, missing: Uint8Array, rows: number): (Histogram | null)[] {
    const cols = this.columns.length;
    const bins = new Int32Array(cols);
    const width = new Float64Array(cols);
    // bin = ⌊(x − min) · scale⌋, clamped to the last bin (x = max lands there).
    const scale = new Float64Array(cols);
    const counts: (Float64Array | null)[] = [];
    const active: number[] = [];
    for (let c = 0; c < cols; c++) {
      const has = this.measured[c] && this.n[c] > 0;
      // One bin when all values are equal, or when max − min overflows (±1e308 in one column).
      const span = this.max[c] - this.min[c];
      const spread = span > 0 && Number.isFinite(span);
      bins[c] = has ? (spread ? HISTOGRAM_BINS : 1) : 0;
      width[c] = has && spread ? span / bins[c] : 0;
      scale[c] = has && spread ? bins[c] / span : 0;
      counts.push(has ? new Float64Array(bins[c]) : null);
      if (has) active.push(c);
    }
    if (active.length === 0) return counts.map(() => null);
    // Column by column within blocks of rows that stay in cache.
    const blockRows = Math.max(1, Math.floor(65536 / cols));
    for (let r0 = 0; r0 < rows; r0 += blockRows) {
      const end = Math.min(rows, r0 + blockRows) * cols;
      for (const c of active) {
        const cnt = counts[c] as Float64Array;
        const lo = this.min[c];
        const sc = scale[c];
        const top = bins[c] - 1;
        for (let i = r0 * cols + c; i < end; i += cols) {
          if (missing[i] !== 0) continue;
          const k = ((values[i] - lo) * sc) | 0;
          cnt[k > top ? top : k]++;
        }
      }
    }
    return counts.map((cnt, c) => {
      if (!cnt) return null;
      const b = bins[c];
      const edges = Array.from({ length: b + 1 }, (_, k) => (k === b ? this.max[c] : this.min[c] + k * width[c]));
      return { edges, counts: Array.from(cnt) };
    });
  }
}
