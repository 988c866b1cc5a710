/**
 * Harness data computed with the engine on synthetic rows (seeded LCG): prediction results and
 * activation-variant summaries shaped exactly as the views expect them from main. The per-unit summary
 * here is also a reference for what main's forward workers must compute.
 */
import type { Metrics } from '../../../src-renderer/lib/inspect/types';
import { forwardTrace } from '../../../src-shared/nn/forward';
import { confusionMatrix, meanAbsoluteError, meanSquaredError, rocCurve, rSquared } from '../../../src-shared/nn/metrics';
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import { networkOf } from '../../../src-renderer/lib/inspect/model-edit';
import { histogram } from '../../../src-renderer/lib/inspect/sample';
import type { ActivationVariantResult, PredictionResult, UnitSummary } from '../../../src-renderer/lib/inspect/types';

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}
function regMetrics(pred: ArrayLike<number>, y: ArrayLike<number>): Metrics {
  return { rows: y.length, loss: meanSquaredError(pred, y), mse: meanSquaredError(pred, y), mae: meanAbsoluteError(pred, y), r2: rSquared(pred, y), };
}

export function regression(n = 442): PredictionResult {
  const r = lcg(11);
  const bmi = Array.from({ length: n }, () => 18 + 20 * r());
  const age = Array.from({ length: n }, () => 20 + 60 * r());
  const actual = bmi.map((b, i) => 10 * (b - 18) + 0.04 * (b - 28) ** 3 + 0.5 * age[i] + 25 * normal(r));
  const predicted = actual.map((a, i) => 0.8 * a + 0.2 * (10 * (bmi[i] - 18) + 0.5 * age[i]) + 22 * normal(r));
  const base = bmi.map((b, i) => 12 * (b - 18) - 20 + 0.5 * age[i] + 10 * normal(r));
  return {
    task: 'regression', total: n, metrics: regMetrics(predicted, actual), actual, predicted,
    columns: [{ name: 'bmi', values: bmi }, { name: 'age', values: age }],
    baseline: { predicted: base, metrics: regMetrics(base, actual) },
  };
}

export function binary(n = 569): PredictionResult {
  const r = lcg(5);
  const actual = Array.from({ length: n }, () => (r() < 0.37 ? 1 : 0));
  const p1 = actual.map((y) => 1 / (1 + Math.exp(-(y ? 2.2 : -2.2) - 1.6 * normal(r))));
  const pred = p1.map((p) => (p >= 0.5 ? 1 : 0));
  const confusion = confusionMatrix(pred, actual, 2);
  const acc = pred.filter((p, i) => p === actual[i]).length / n;
  return {
    task: 'binary', total: n, classes: ['benign', 'malignant'], confusion, roc: rocCurve(p1, actual), actual,
    probabilities: [p1.map((p) => 1 - p), p1],
    metrics: { rows: n, loss: 0.21, accuracy: acc },
  };
}

/** 2 inputs → 8 hidden → 1, seeded weights: the network of the activation comparison. */
export function smallModel(): ModelFile {
  const r = lcg(21);
  return {
    format: 'dense-lab/model', version: 1,
    inputs: [{ name: 'a' }, { name: 'b' }], output: { name: 'y', task: 'regression' },
    layers: [
      { units: 8, activation: 'relu', kernel: [0, 1].map(() => Array.from({ length: 8 }, () => 3 * normal(r))), bias: Array.from({ length: 8 }, () => normal(r)) },
      { units: 1, activation: 'linear', kernel: Array.from({ length: 8 }, () => [normal(r)]), bias: [0] },
    ],
  };
}

/** One variant run, as main would answer it: predictions on every row and the per-unit summary. */
export function runVariantLocally(model: ModelFile, activations: ActivationName[]): ActivationVariantResult {
  const r = lcg(3);
  const rows = Array.from({ length: 400 }, () => [2 * normal(r), 2 * normal(r)]);
  const target = rows.map(([a, b]) => Math.sin(a) + 0.5 * b);
  const net = networkOf(model);
  const traces = rows.map((x) => forwardTrace(net, x));
  const predicted = traces.map((t) => t.output[0]);
  const hidden = activations.map((activation, layer) => {
    const units: UnitSummary[] = [];
    const all: number[] = [];
    for (let j = 0; j < net.layers[layer].units; j++) {
      const a = traces.map((t) => t.layers[layer].a[j]);
      all.push(...a);
      units.push({
        rows: a.length, zeroRows: a.filter((v) => v === 0).length, saturatedRows: a.filter((v) => Math.abs(v) > 0.99).length,
        min: Math.min(...a), max: Math.max(...a), mean: a.reduce((s, v) => s + v, 0) / a.length,
      });
    }
    const h = histogram(all, 30);
    return { layer, activation, units, histogram: { edges: h.edges, counts: h.counts } };
  });
  return { activations, prediction: { task: 'regression', total: rows.length, metrics: regMetrics(predicted, target), actual: target, predicted }, hidden };
}

/** A plausible epoch of a regression run: loss decaying with a little seeded noise. */
export function fakeEpoch(epoch: number, r: () => number) {
  const loss = 3000 * Math.exp(-epoch / 12) + 400 + 30 * r();
  return { epoch, loss, valLoss: loss * 1.08 + 20 * r(), r2: 1 - loss / 5900, valR2: 1 - (loss * 1.08) / 5900 };
}

/** Weight histograms of a 2-layer network spreading out over epochs. */
export function fakeWeightHistory(epochs: number) {
  return Array.from({ length: epochs }, (_, e) => {
    const spread = 0.3 + e * 0.02;
    const layer = (scale: number) => {
      const edges = Array.from({ length: 21 }, (_, k) => -1.5 + (3 * k) / 20);
      const counts = edges.slice(0, -1).map((x) => Math.round(200 * Math.exp(-((x + 0.075) ** 2) / (2 * (spread * scale) ** 2))));
      return { edges, counts };
    };
    return { epoch: e + 1, layers: [layer(1), layer(1.6)] };
  });
}
