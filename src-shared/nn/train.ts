/**
 * The training loop as pure code: epochs of seeded-shuffled minibatches, an optimizer step per batch,
 * metrics per epoch (training: running over the epoch's batches, as Keras reports them; validation: one pass
 * after the epoch), and Keras's EarlyStopping. No I/O, no clock, no Math.random: the same inputs give the
 * same weights bit for bit, on any machine.
 */
import type { Network } from './model';
import { outputSize } from './model';
import { createWorkspace, dropoutSeed, forwardKeep, lossAndGradients, wasmAdam, type BackpropWorkspace, type TrainingKernels } from './backward';
import { lossSum, type LossName } from './losses';
import { applyUpdate, createOptimizerState, type OptimizerSettings } from './optimizers';
import { createRandom } from './random';
import { argmax } from './metrics';

/** Keras EarlyStopping: monitor val_loss (loss without validation rows), min_delta, patience, restore_best_weights. */
export interface EarlyStopping {
  /** Epochs without improvement before stopping (Keras default 0; our CLI/UI default 5). */
  readonly patience: number;
  /** An improvement must lower the monitored loss by more than this (Keras default 0). */
  readonly minDelta: number;
  /** Put back the best epoch's weights when stopping (Keras default false; our CLI/UI default true). */
  readonly restoreBestWeights: boolean;
}

export type MetricKind = 'regression' | 'classification';

/** Metrics of one epoch. Regression MAE is in the target's original units (targetStd × standardized MAE). */
export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number;
  readonly loss: number;
  readonly mae?: number;
  readonly r2?: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valMae?: number;
  readonly valR2?: number;
  readonly valAccuracy?: number;
}

/** Progress inside an epoch, every `reportEveryBatches` batches. */
export interface BatchProgress {
  readonly epoch: number;
  /** Batches done in this epoch. */
  readonly batch: number;
  readonly batches: number;
  /** Mean loss over this epoch's batches so far. */
  readonly loss: number;
  /** Running MAE (regression, original units) or accuracy (classification) over this epoch's batches so far. */
  readonly mae?: number;
  readonly accuracy?: number;
}

/** Rows of encoded inputs and targets: x rows × inputSize, y rows × outputSize (one-hot for multiclass). */
export interface TrainingRows {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
}

export interface TrainLoopOptions {
  readonly loss: LossName;
  readonly metric: MetricKind;
  readonly optimizer: OptimizerSettings;
  /** L2 penalty λ·Σw² on kernels (Keras kernel_regularizer l2(λ)): adds 2λw to each kernel gradient. */
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Seeds the shuffling stream. */
  readonly seed: number;
  /** Shuffle the training rows before each epoch (Keras default true). */
  readonly shuffle: boolean;
  readonly earlyStopping: EarlyStopping | null;
  /** Standard deviation of a standardized regression target, for MAE in original units (1 otherwise). */
  readonly targetStd: number;
  /** Call onBatch every this many batches (0: never). */
  readonly reportEveryBatches: number;
  /** Use the WebAssembly SIMD kernel when the host has it (default true; same results either way). */
  readonly simd?: boolean;
  /** The host's exact kernels (e.g. native), used instead of WebAssembly when given (same results either way). */
  readonly kernels?: TrainingKernels;
}

export interface TrainLoopHooks {
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  readonly onBatch?: (progress: BatchProgress) => void;
  /** Asked between batches; 'stop' ends training keeping the best weights so far, 'stop-last' the last epoch's. It may block (pause). */
  readonly control?: () => TrainingControl;
}

/** What the person steering a run wants, asked between batches. */
export type TrainingControl = 'continue' | 'stop' | 'stop-last';

export type StopReason = 'completed' | 'early-stopping' | 'stopped' | 'diverged';

export interface TrainLoopResult {
  readonly history: EpochMetrics[];
  readonly stopReason: StopReason;
  /** 1-based epoch whose weights the network holds at the end (the last one, or the restored best). */
  readonly epochOfWeights: number;
  /** 1-based epoch with the lowest monitored loss (0 when no epoch finished). */
  readonly bestEpoch: number;
}

/** The stream that shuffles rows: a generator separate from weight initialization's, derived from the same seed. */
export function shuffleSeed(seed: number): number {
  return seed + 0x5eed;
}

/** Shuffle order[0..n) in place (Fisher–Yates, i from n−1 down, j uniform in [0, i]). */
export function shuffleInPlace(order: Int32Array, nextInt: (n: number) => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** Loss (mean) and metrics of `network` on `data`, in blocks of the workspace's batch size. */
export function evaluate(
  network: Network,
  ws: BackpropWorkspace,
  data: TrainingRows,
  loss: LossName,
  metric: MetricKind,
  targetStd: number,
): { loss: number; mae?: number; r2?: number; accuracy?: number } {
  const units = outputSize(network);
  const last = network.layers.length - 1;
  const inputs = network.inputSize;
  const acc = newAccumulator(units);
  let total = 0;
  for (let r0 = 0; r0 < data.rows; r0 += ws.batch) {
    const n = Math.min(ws.batch, data.rows - r0);
    const out = forwardKeep(network, ws, data.x, r0 * inputs, n);
    total += lossSum(loss, ws.z[last], out, data.y, n, units, 0, r0 * units);
    accumulate(acc, out, data.y, r0 * units, n, units);
  }
  return { loss: total / data.rows, ...finish(acc, metric, targetStd, targetVariance(data.y, data.rows, units)) };
}

interface Accumulator {
  units: number;
  rows: number;
  absErr: number;
  sqErr: number;
  hits: number;
}

const newAccumulator = (units: number): Accumulator => ({ units, rows: 0, absErr: 0, sqErr: 0, hits: 0 });

/** Add n rows of outputs (out from 0) against targets y (from yOff) to the running metric sums. */
function accumulate(acc: Accumulator, out: Float64Array, y: ArrayLike<number>, yOff: number, n: number, units: number): void {
  acc.rows += n;
  if (units === 1) {
    for (let r = 0; r < n; r++) {
      const d = out[r] - y[yOff + r];
      acc.absErr += Math.abs(d);
      acc.sqErr += d * d;
      if ((out[r] >= 0.5 ? 1 : 0) === y[yOff + r]) acc.hits++;
    }
  } else {
    for (let r = 0; r < n; r++) if (y[yOff + r * units + argmax(out, r * units, units)] === 1) acc.hits++;
  }
}

/** Σ (y − ȳ)² over the first output (regression targets are one column). */
function targetVariance(y: ArrayLike<number>, rows: number, units: number): number {
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += y[r * units];
  mean /= rows;
  let s = 0;
  for (let r = 0; r < rows; r++) s += (y[r * units] - mean) ** 2;
  return s;
}

function finish(acc: Accumulator, metric: MetricKind, targetStd: number, ssTot: number): { mae?: number; r2?: number; accuracy?: number } {
  if (metric === 'classification') return { accuracy: acc.hits / acc.rows };
  // R² = 1 − SSres/SStot, invariant to standardizing the target; MAE back in original units
  return { mae: (acc.absErr / acc.rows) * targetStd, r2: ssTot === 0 ? (acc.sqErr === 0 ? 1 : 0) : 1 - acc.sqErr / ssTot };
}

const copyWeights = (net: Network): Float64Array[] => net.layers.flatMap((l) => [Float64Array.from(l.kernel), Float64Array.from(l.bias)]);

function restoreWeights(net: Network, saved: Float64Array[]): void {
  net.layers.forEach((l, i) => {
    l.kernel.set(saved[2 * i]);
    l.bias.set(saved[2 * i + 1]);
  });
}

/**
 * Train `network` in place on `train`, validating on `validation` (when it has rows) after every epoch.
 * Early stopping follows Keras: after each epoch, an improvement (monitored < best − minDelta) resets the wait;
 * otherwise wait += 1 and training stops once wait ≥ patience (from the second epoch on), restoring the best
 * weights if asked. A user stop ('stop' from control) always restores the best weights seen so far.
 * A non-finite loss ends training ('diverged'), also restoring the best weights.
 */
export function trainNetwork(network: Network, train: TrainingRows, validation: TrainingRows | null, options: TrainLoopOptions, hooks: TrainLoopHooks = {}): TrainLoopResult {
  const inputs = network.inputSize;
  const units = outputSize(network);
  const batchSize = Math.max(1, Math.min(options.batchSize, train.rows));
  const ws = createWorkspace(network, batchSize, { simd: options.simd !== false, dropoutSeed: dropoutSeed(options.seed), ...(options.kernels ? { kernels: options.kernels } : {}) });
  const kernels = options.kernels;
  const params = network.layers.flatMap((l) => [l.kernel, l.bias]);
  const grads = network.layers.flatMap((_, i) => [ws.gradKernel[i], ws.gradBias[i]]);
  // Adam on the WebAssembly module when there are no host kernels (its slots then live in the module's memory)
  const wasm = !options.kernels && options.optimizer.name === 'adam' ? wasmAdam(ws, Math.max(0, ...params.map((p) => p.length))) : undefined;
  const state = createOptimizerState(params, wasm?.alloc);
  const adamKernel = kernels ? kernels.adam : wasm?.adam;
  // the host's Adam over every parameter in one call, when it has one; with opsAdam, the same call also runs the
  // backward pass's last products (left queued by lossAndGradients), Adam's updates riding along them
  const arrays = params.flatMap((w, p) => [w, grads[p], state.m[p], state.v[p]]);
  const lambda2 = 2 * options.weightDecay;
  const ops = ws.native?.ops;
  const fused = kernels?.opsAdam && ops && options.optimizer.name === 'adam' && lambda2 === 0;
  // (and writes the new weights into the workspace's copies too, so the next forward pass need not copy them in)
  const native = ws.native;
  const mirrors = network.layers.flatMap((_, l) => [ws.kernel[l], ws.bias[l]]);
  const adamMany = fused && native
    ? {
        run: (a: readonly Float64Array[], alpha: number, c1: number, c2: number, eps: number) => {
          ops.flushAdam(a, alpha, c1, c2, eps, mirrors);
          native.mirrored = true;
        },
        arrays,
      }
    : kernels?.adamMany ? { run: kernels.adamMany.bind(kernels), arrays } : undefined;
  const random = createRandom(shuffleSeed(options.seed));
  const order = new Int32Array(train.rows).map((_, i) => i);
  const bx = ws.input;
  const tx = train.x;
  const ty = train.y;
  const by = new Float64Array(batchSize * units);
  const batches = Math.ceil(train.rows / batchSize);
  const trainSsTot = targetVariance(train.y, train.rows, units);
  const hasValidation = validation !== null && validation.rows > 0;
  const history: EpochMetrics[] = [];
  const stopping = options.earlyStopping;
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Float64Array[] | null = null;
  let wait = 0;
  const end = (stopReason: StopReason, restore: boolean): TrainLoopResult => {
    if (native) native.mirrored = false;
    let epochOfWeights = history.length;
    if (restore && bestWeights) {
      restoreWeights(network, bestWeights);
      epochOfWeights = bestEpoch;
    }
    return { history, stopReason, epochOfWeights, bestEpoch };
  };

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (options.shuffle) shuffleInPlace(order, random.nextInt);
    const acc = newAccumulator(units);
    let lossTotal = 0;
    for (let b = 0; b < batches; b++) {
      const wanted = hooks.control ? hooks.control() : 'continue';
      if (wanted !== 'continue') return end('stopped', wanted === 'stop');
      const start = b * batchSize;
      const n = Math.min(batchSize, train.rows - start);
      if (kernels) {
        // the host's gather also prefetches the next batch's rows (random rows of a large set are cache misses)
        kernels.gatherRows(tx, inputs, order, start, n, bx, batchSize);
        kernels.gatherRows(ty, units, order, start, n, by, batchSize);
      } else {
        // gather the batch's rows (plain loops: no per-row subarray objects)
        for (let r = 0; r < n; r++) {
          const src = order[start + r];
          for (let i = 0, from = src * inputs, to = r * inputs; i < inputs; i++) bx[to + i] = tx[from + i];
          for (let k = 0, from = src * units, to = r * units; k < units; k++) by[to + k] = ty[from + k];
        }
      }
      const batchLoss = lossAndGradients(network, ws, options.loss, bx, 0, by, 0, n, fused);
      if (!Number.isFinite(batchLoss)) {
        ops?.flush();
        return end('diverged', true);
      }
      lossTotal += batchLoss;
      accumulate(acc, ws.a[network.layers.length - 1], by, 0, n, units);
      if (lambda2 !== 0) {
        network.layers.forEach((l, i) => {
          const g = ws.gradKernel[i];
          for (let k = 0; k < g.length; k++) g[k] += lambda2 * l.kernel[k];
        });
      }
      applyUpdate(options.optimizer, state, params, grads, adamKernel, adamMany);
      if (hooks.onBatch && options.reportEveryBatches > 0 && (b + 1) % options.reportEveryBatches === 0 && b + 1 < batches) {
        const running = finish(acc, options.metric, options.targetStd, 0);
        hooks.onBatch({
          epoch,
          batch: b + 1,
          batches,
          loss: lossTotal / acc.rows,
          ...(running.mae !== undefined ? { mae: running.mae } : {}),
          ...(running.accuracy !== undefined ? { accuracy: running.accuracy } : {}),
        });
      }
    }
    const metrics: EpochMetrics = {
      epoch,
      loss: lossTotal / train.rows,
      ...finish(acc, options.metric, options.targetStd, trainSsTot),
      ...(hasValidation && validation ? prefixVal(evaluate(network, ws, validation, options.loss, options.metric, options.targetStd)) : {}),
    };
    history.push(metrics);
    hooks.onEpoch?.(metrics);
    const monitored = hasValidation ? (metrics.valLoss as number) : metrics.loss;
    if (!Number.isFinite(monitored)) return end('diverged', true);
    const minDelta = stopping ? stopping.minDelta : 0;
    if (monitored < best - minDelta) {
      best = monitored;
      bestEpoch = epoch;
      bestWeights = copyWeights(network);
      wait = 0;
    } else {
      wait += 1;
      if (stopping && wait >= stopping.patience && epoch > 1) return end('early-stopping', stopping.restoreBestWeights);
    }
  }
  return end('completed', false);
}

function prefixVal(m: { loss: number; mae?: number; r2?: number; accuracy?: number }): Partial<EpochMetrics> {
  const out: { valLoss: number; valMae?: number; valR2?: number; valAccuracy?: number } = { valLoss: m.loss };
  if (m.mae !== undefined) out.valMae = m.mae;
  if (m.r2 !== undefined) out.valR2 = m.r2;
  if (m.accuracy !== undefined) out.valAccuracy = m.accuracy;
  return out;
}
