/**
 * TensorFlow.js Layers: model.json ({"format": "layers-model", "modelTopology": <Keras config>,
 * "weightsManifest": [{"paths": [shards…], "weights": [{name, shape, dtype, quantization?}]}]}) and its
 * `.bin` shards, which concatenated hold the weights back to back, little-endian, in manifest order.
 */
import { utf8Text } from '../utf8';
import { ok, type Result } from '../../result';
import { caught } from '../caught';
import { buildModel, foldChain, refuse, where } from '../chain';
import type { ImportedModel, ModelSource } from '../format';
import { denseLabMetadata } from '../keras-h5/read';
import { describeKerasLayers, kerasLayers, kerasSteps, type KerasArray } from '../keras/layers';

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}
interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}
interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology?: unknown;
  weightsManifest?: ManifestGroup[];
  userDefinedMetadata?: { dense_lab?: unknown };
}

function parse(bytes: Uint8Array, what: string): TfjsModelJson {
  let root: unknown;
  try {
    root = JSON.parse(utf8Text(bytes));
  } catch {
    refuse(`${what} is not valid JSON`);
  }
  if (typeof root !== 'object' || root === null || !('modelTopology' in root)) refuse(`${what} is not a TensorFlow.js model (no modelTopology)`);
  const model = root as TfjsModelJson;
  if (model.format === 'graph-model') refuse(`${what} is a TensorFlow.js graph model; only layers models (tfjs.converters.save_keras_model, model.save) can be opened`);
  if (!Array.isArray(model.weightsManifest)) refuse(`${what} has no weightsManifest`);
  return model;
}

/** Whether bytes are a TF.js layers model.json (a JSON object with modelTopology and weightsManifest). */
export function isTfjsModelJson(bytes: Uint8Array): boolean {
  const head = utf8Text(bytes.subarray(0, 4096));
  return /^\s*\{/.test(head) && bytes.length < 64 * 1024 * 1024 && /"modelTopology"/.test(utf8Text(bytes)) && /"weightsManifest"/.test(utf8Text(bytes));
}

/** The shard files a model.json names (plain relative names only: no folders above it). */
export function tfjsShardNames(bytes: Uint8Array, what: string): string[] {
  const model = parse(bytes, what);
  const names = (model.weightsManifest ?? []).flatMap((g) => (Array.isArray(g.paths) ? g.paths : []));
  for (const n of names) {
    if (typeof n !== 'string' || n.includes('..') || n.startsWith('/') || n.includes('\\') || /^[a-z]+:/i.test(n)) refuse(`${what} names the weight shard ${JSON.stringify(n)}, which is not a file beside it`);
  }
  return names;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

/** float16 bits → number (exact). */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(view: DataView, offset: number, entry: ManifestEntry, count: number): Float64Array {
  const out = new Float64Array(count);
  const q = entry.quantization;
  const stored = q ? q.dtype : entry.dtype;
  for (let k = 0; k < count; k++) {
    let v: number;
    if (stored === 'float32') v = view.getFloat32(offset + 4 * k, true);
    else if (stored === 'int32') v = view.getInt32(offset + 4 * k, true);
    else if (stored === 'uint8') v = view.getUint8(offset + k);
    else if (stored === 'uint16') v = view.getUint16(offset + 2 * k, true);
    else v = half(view.getUint16(offset + 2 * k, true));
    // affine-quantized weights: w = q·scale + min
    out[k] = q && q.dtype !== 'float16' ? v * (q.scale ?? 1) + (q.min ?? 0) : v;
  }
  return out;
}

export function readTfjs(source: ModelSource): Result<ImportedModel> {
  return caught(() => {
    const model = parse(source.bytes, source.name);
    const arrays = new Map<string, KerasArray>();
    let quantized = false;
    for (const group of model.weightsManifest ?? []) {
      const parts = (group.paths ?? []).map((p) => {
        const bytes = source.companions?.get(p);
        if (!bytes) refuse(`${source.name} names the weight shard ${p}, which is missing beside it`);
        return bytes;
      });
      const total = parts.reduce((t, p) => t + p.length, 0);
      const joined = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      const view = new DataView(joined.buffer);
      let offset = 0;
      for (const entry of group.weights ?? []) {
        const stored = entry.quantization ? entry.quantization.dtype : entry.dtype;
        const size = BYTES[stored];
        if (!size || entry.dtype === 'string') refuse(`${source.name}: the weight ${entry.name} is ${stored}, which Dense Lab does not read`);
        if (entry.quantization) quantized = true;
        const count = (entry.shape ?? []).reduce((t, d) => t * d, 1);
        if (offset + count * size > total) refuse(`${source.name}: the weight shards end before the weight ${entry.name} (they hold ${total} bytes): a shard is truncated or missing`);
        arrays.set(entry.name, { name: entry.name, shape: entry.shape ?? [], values: decode(view, offset, entry, count), dtype: 'float32' });
        offset += count * size;
      }
      if (offset !== total) refuse(`${source.name}: the weight shards hold ${total} bytes but the manifest describes ${offset}`);
    }
    const all = [...arrays.values()];
    const { layers } = kerasLayers(model.modelTopology);
    const steps = kerasSteps(layers, (layerName, origin) => {
      // names look like dense_1/kernel, sequential/dense_1/kernel or dense_1/kernel:0
      const own = all.filter((a) => a.name.replace(/:\d+$/, '').split('/').slice(0, -1).includes(layerName));
      if (own.length === 0 && (origin.type === 'Dense' || origin.type === 'BatchNormalization')) refuse(`${source.name}: no weights for ${where(origin)} in the weightsManifest`);
      return own;
    });
    const meta = denseLabMetadata(model.userDefinedMetadata?.dense_lab !== undefined ? JSON.stringify(model.userDefinedMetadata.dense_lab) : undefined);
    const producer = [model.generatedBy, model.convertedBy].filter((s) => typeof s === 'string' && s !== '').join(', ') || 'unknown';
    const chain = foldChain(steps);
    if (quantized) chain.folded.push('the weights were quantized by the converter; they were read back as TensorFlow.js dequantizes them');
    return ok(buildModel(chain, meta, {
      format: 'tfjs',
      formatLabel: 'TensorFlow.js Layers',
      producer,
      layers: describeKerasLayers(layers),
      precision: 'float32',
      fileName: source.name,
    }));
  });
}
