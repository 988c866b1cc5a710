/**
 * Column statistics gathered chunk by chunk over row-major cells: missing count, min, max, mean and
 * (population) standard deviation, category counts, and a histogram. Mean and spread are combined
 * across chunks with Chan et al.'s pairwise update, each chunk done in two passes while it is in cache:
 *   mean = mean_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n,  δ = mean_b − mean_a,  std = √(M2/n)
 * The chunks are a fixed grid of blocks (csv/column-plan.ts: ⌊65536/cols⌋ rows each, counted from the first data
 * row), added in block order whichever thread measured them: one thread, or any number of CSV workers
 * with the file split anywhere, gives the same bits.
 */
import type { ColumnInfo, ColumnType, Histogram } from './dataset';
import type { BlockStatsKernel, HistogramKernel } from './csv/csv-kernels';

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
    this.addPartial(blockPartial(this.shape(), values, missing, cells));
  }

  /** What blockPartial needs to know about the columns (plain data: it may cross threads). */
  shape(): StatsShape {
    return { measured: this.measured, categoryCounts: this.counts.map((c) => (c ? c.length : -1)) };
  }

  /**
   * Add one block's partial (from blockPartial, computed here or on another thread). Blocks must be
   * added in row order: the merged mean and spread then do not depend on where the blocks were measured.
   */
  addPartial(p: BlockPartial): void {
    const cols = this.columns.length;
    for (let c = 0; c < cols; c++) {
      this.missing[c] += p.absent[c];
      const counts = this.counts[c];
      const pc = p.counts[c];
      if (counts && pc) for (let k = 0; k < counts.length; k++) counts[k] += pc[k];
      const n = p.n[c];
      if (!this.measured[c] || n === 0) continue;
      const mb = p.mean[c];
      const m2b = p.m2[c];
      const na = this.n[c];
      const total = na + n;
      const delta = mb - this.mean[c];
      this.mean[c] += (delta * n) / total;
      this.m2[c] += m2b + (delta * delta * na * n) / total;
      this.n[c] = total;
      if (p.min[c] < this.min[c]) this.min[c] = p.min[c];
      if (p.max[c] > this.max[c]) this.max[c] = p.max[c];
    }
  }

  /**
   * Column metadata; the histogram needs one more row-major pass over the final matrix (done here, or
   * given: `counts` from histogramCounts over all rows, in parts added up).
   */
  describe(values: Float64Array, missing: Uint8Array, rows: number, counts?: (Float64Array | null)[], kernel?: HistogramKernel): ColumnInfo[] {
    const hist = this.histograms(values, missing, rows, counts, kernel);
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

  /** How to bin each measured column (after every block was added): plain data for histogramCounts. */
  histogramPlan(): HistogramPlan {
    const cols = this.columns.length;
    const bins = new Int32Array(cols);
    const width = new Float64Array(cols);
    // bin = ⌊(x − min) · scale⌋, clamped to the last bin (x = max lands there).
    const scale = new Float64Array(cols);
    const lo = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const has = this.measured[c] && this.n[c] > 0;
      // One bin when all values are equal, or when max − min overflows (±1e308 in one column).
      const span = this.max[c] - this.min[c];
      const spread = span > 0 && Number.isFinite(span);
      bins[c] = has ? (spread ? HISTOGRAM_BINS : 1) : 0;
      width[c] = has && spread ? span / bins[c] : 0;
      scale[c] = has && spread ? bins[c] / span : 0;
      lo[c] = this.min[c];
    }
    return { bins, width, scale, lo };
  }

  /** Equal-width histograms (20 bins; one bin when all values are equal) of the measured columns. */
  private histograms(values: Float64Array, missing: Uint8Array, rows: number, given?: (Float64Array | null)[], kernel?: HistogramKernel): (Histogram | null)[] {
    const plan = this.histogramPlan();
    const counts = given ?? histogramCounts(plan, values, missing, 0, rows, kernel);
    const { bins, width } = plan;
    return counts.map((cnt, c) => {
      if (!cnt) return null;
      const b = bins[c];
      const edges = Array.from({ length: b + 1 }, (_, k) => (k === b ? this.max[c] : this.min[c] + k * width[c]));
      return { edges, counts: Array.from(cnt) };
    });
  }
}

/** The columns as blockPartial sees them: measured (numeric, date) or not, categories per categorical column (−1: none). */
export interface StatsShape {
  readonly measured: readonly boolean[];
  readonly categoryCounts: readonly number[];
}

/** One block's statistics per column: its mean and M2 (Σ(x − mean)²) over its own present values. */
export interface BlockPartial {
  readonly absent: Float64Array;
  readonly n: Float64Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly counts: (Float64Array | null)[];
}

/** Statistics of one block of `cells` row-major cells (whole rows), in two passes per column while it is in cache. */
export function blockPartial(shape: StatsShape, values: Float64Array, missing: Uint8Array, cells: number, kernel?: BlockStatsKernel): BlockPartial {
  const cols = shape.measured.length;
  const p: BlockPartial = {
    absent: new Float64Array(cols),
    n: new Float64Array(cols),
    mean: new Float64Array(cols),
    m2: new Float64Array(cols),
    min: new Float64Array(cols).fill(Infinity),
    max: new Float64Array(cols).fill(-Infinity),
    counts: shape.categoryCounts.map((k) => (k >= 0 ? new Float64Array(k) : null)),
  };
  if (kernel) return nativePartial(shape, p, values, missing, cells, kernel);
  const plain: number[] = [];
  for (let c = 0; c < cols; c++) {
    const counts = p.counts[c];
    if (counts) p.absent[c] = countCategories(values, missing, cells, cols, c, counts);
    else plain.push(c);
  }
  // Two columns per loop: each column's sums are one chain of dependent additions (in row order, which
  // stays), and two chains side by side run in about the time of one (block of 11 columns: ~33 % faster).
  let k = 0;
  for (; k + 1 < plain.length; k += 2) measurePair(shape, p, values, missing, cells, cols, plain[k], plain[k + 1]);
  if (k < plain.length) measureOne(shape, p, values, missing, cells, cols, plain[k]);
  return p;
}

/**
 * blockPartial by the native kernel (csv-kernels.ts), which also ends convert() (cells of another kind than
 * a number become missing): the same sums in the same order; category counts here.
 */
function nativePartial(shape: StatsShape, p: BlockPartial, values: Float64Array, missing: Uint8Array, cells: number, kernel: BlockStatsKernel): BlockPartial {
  const cols = shape.measured.length;
  const which = new Uint8Array(cols);
  for (let c = 0; c < cols; c++) which[c] = p.counts[c] ? 0 : shape.measured[c] ? 2 : 1;
  kernel(values, missing, cells, cols, which, p.absent, p.n, p.mean, p.m2, p.min, p.max);
  for (let c = 0; c < cols; c++) {
    const counts = p.counts[c];
    if (counts) p.absent[c] = countCategories(values, missing, cells, cols, c, counts);
  }
  return p;
}

/** Column c of a block: missing count, and for a measured column with values, n, mean, M2, min, max. */
function measureOne(shape: StatsShape, p: BlockPartial, values: Float64Array, missing: Uint8Array, cells: number, cols: number, c: number): void {
  let n = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let absent = 0;
  for (let i = c; i < cells; i += cols) {
    if (missing[i] !== 0) {
      absent++;
      continue;
    }
    const x = values[i];
    n++;
    sum += x;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  p.absent[c] = absent;
  if (!shape.measured[c] || n === 0) return;
  // mean_b = Σx / n; M2_b = Σ(x − mean_b)²
  const mean = sum / n;
  store(p, c, n, mean, spread(values, missing, cells, cols, c, mean), lo, hi);
}

/** Columns a and b of a block, as measureOne does each, in the same loops. */
function measurePair(shape: StatsShape, p: BlockPartial, values: Float64Array, missing: Uint8Array, cells: number, cols: number, a: number, b: number): void {
  let na = 0;
  let sa = 0;
  let loA = Infinity;
  let hiA = -Infinity;
  let nb = 0;
  let sb = 0;
  let loB = Infinity;
  let hiB = -Infinity;
  const d = b - a;
  for (let i = a; i < cells; i += cols) {
    if (missing[i] === 0) {
      const x = values[i];
      na++;
      sa += x;
      if (x < loA) loA = x;
      if (x > hiA) hiA = x;
    }
    const j = i + d;
    if (missing[j] === 0) {
      const y = values[j];
      nb++;
      sb += y;
      if (y < loB) loB = y;
      if (y > hiB) hiB = y;
    }
  }
  const rows = cells / cols;
  p.absent[a] = rows - na;
  p.absent[b] = rows - nb;
  const useA = shape.measured[a] && na > 0;
  const useB = shape.measured[b] && nb > 0;
  const meanA = sa / na;
  const meanB = sb / nb;
  if (useA && useB) {
    let qa = 0;
    let qb = 0;
    for (let i = a; i < cells; i += cols) {
      if (missing[i] === 0) {
        const e = values[i] - meanA;
        qa += e * e;
      }
      const j = i + d;
      if (missing[j] === 0) {
        const f = values[j] - meanB;
        qb += f * f;
      }
    }
    store(p, a, na, meanA, qa, loA, hiA);
    store(p, b, nb, meanB, qb, loB, hiB);
  } else if (useA) {
    store(p, a, na, meanA, spread(values, missing, cells, cols, a, meanA), loA, hiA);
  } else if (useB) {
    store(p, b, nb, meanB, spread(values, missing, cells, cols, b, meanB), loB, hiB);
  }
}

/** Σ(x − mean)² over column c's present cells of a block, in row order. */
function spread(values: Float64Array, missing: Uint8Array, cells: number, cols: number, c: number, mean: number): number {
  let m2 = 0;
  for (let i = c; i < cells; i += cols) {
    if (missing[i] === 0) {
      const e = values[i] - mean;
      m2 += e * e;
    }
  }
  return m2;
}

function store(p: BlockPartial, c: number, n: number, mean: number, m2: number, lo: number, hi: number): void {
  p.n[c] = n;
  p.mean[c] = mean;
  p.m2[c] = m2;
  p.min[c] = lo;
  p.max[c] = hi;
}

/** Count column c's category codes into counts; returns its missing cells. */
function countCategories(values: Float64Array, missing: Uint8Array, cells: number, cols: number, c: number, counts: Float64Array): number {
  let absent = 0;
  for (let i = c; i < cells; i += cols) {
    if (missing[i] !== 0) absent++;
    else counts[values[i]]++;
  }
  return absent;
}

/** Bins of every measured column (bins[c] = 0: not measured), from ColumnStats.histogramPlan. */
export interface HistogramPlan {
  readonly bins: Int32Array;
  readonly width: Float64Array;
  readonly scale: Float64Array;
  readonly lo: Float64Array;
}

/** Histogram counts of rows [fromRow, toRow) per measured column (null for the others); parts add up exactly. */
export function histogramCounts(
  plan: HistogramPlan,
  values: Float64Array,
  missing: Uint8Array,
  fromRow: number,
  toRow: number,
  kernel?: HistogramKernel,
): (Float64Array | null)[] {
  const cols = plan.bins.length;
  if (kernel) {
    // The native kernel counts into one array; each column's counts are a view of it.
    const all = new Float64Array(plan.bins.reduce((n, b) => n + Math.max(0, b), 0));
    kernel(values, missing, fromRow, toRow, cols, plan.bins, plan.lo, plan.scale, all);
    let at = 0;
    return Array.from(plan.bins, (b) => (b > 0 ? all.subarray(at, (at += b)) : null));
  }
  const counts: (Float64Array | null)[] = [];
  const active: number[] = [];
  for (let c = 0; c < cols; c++) {
    counts.push(plan.bins[c] > 0 ? new Float64Array(plan.bins[c]) : null);
    if (plan.bins[c] > 0) active.push(c);
  }
  if (active.length === 0) return counts;
  // Column by column within blocks of rows that stay in cache.
  const blockRows = Math.max(1, Math.floor(65536 / cols));
  for (let r0 = fromRow; r0 < toRow; r0 += blockRows) {
    const end = Math.min(toRow, r0 + blockRows) * cols;
    for (const c of active) {
      const cnt = counts[c] as Float64Array;
      const lo = plan.lo[c];
      const sc = plan.scale[c];
      const top = plan.bins[c] - 1;
      for (let i = r0 * cols + c; i < end; i += cols) {
        if (missing[i] !== 0) continue;
        const k = ((values[i] - lo) * sc) | 0;
        cnt[k > top ? top : k]++;
      }
    }
  }
  return counts;
}
