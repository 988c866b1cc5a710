/**
 * Keras v3 `.keras`: a zip of config.json (the model config), metadata.json (keras_version) and
 * model.weights.h5, where a layer's arrays are `layers/<name>/vars/0, 1, …` in Keras's order.
 * Unzipped with fflate (pure JS, synchronous), each entry bounded in size before it is inflated.
 */
import { utf8Text } from '../utf8';
import { unzipSync } from 'fflate';
import { ok, type Result } from '../../result';
import { caught } from '../caught';
import { buildModel, foldChain, refuse, where } from '../chain';
import type { ImportedModel, ModelSource } from '../format';
import { child, floatData, guarded, isDataset, isGroup, openHdf5, type H5Group } from '../hdf5/read';
import { describeKerasLayers, kerasLayers, kerasSteps, type KerasArray, type KerasWeights } from '../keras/layers';
import { denseLabMetadata } from '../keras-h5/read';

/** No entry of a model we can open comes near this once inflated; a larger one is refused before inflating. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const ENTRIES = ['config.json', 'metadata.json', 'model.weights.h5'];

/** The zip's local file header signature "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Unzip the entries a .keras file needs; a damaged zip or an oversized entry is refused with one sentence. */
export function unzipEntries(bytes: Uint8Array, what: string, wanted: readonly string[]): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted.includes(f.name)) return false;
        if (f.originalSize > MAX_ENTRY_BYTES) refuse(`${what}: the zip entry ${f.name} would inflate to ${f.originalSize} bytes, more than Dense Lab reads`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'AppFailure') throw e;
    return refuse(`${what} is a damaged or truncated zip file (${e instanceof Error ? e.message : String(e)})`);
  }
  return new Map(Object.entries(files));
}

/** The `vars` group of a layer: `layers/<name>/vars`, or wherever a group named <name> holds one. */
function varsGroup(root: H5Group, layerName: string): H5Group | undefined {
  const direct = child(root, `layers/${layerName}/vars`);
  if (isGroup(direct)) return direct;
  const search = (g: H5Group, depth: number): H5Group | undefined => {
    if (depth > 6) return undefined;
    for (const key of g.keys) {
      const node = g.get(key);
      if (!isGroup(node)) continue;
      if (key === layerName) {
        const vars = child(node, 'vars');
        if (isGroup(vars)) return vars;
      }
      const found = search(node, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(root, 0);
}

function v3Weights(root: H5Group, precisions: Set<string>): KerasWeights {
  return (layerName, origin) =>
    guarded(`the weights of ${where(origin)}`, () => {
      const vars = varsGroup(root, layerName);
      if (!vars) return [];
      const keys = vars.keys.filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
      // integer variables (a Normalization layer's sample count) are state, not weights
      const isCount = (key: string) => {
        const ds = vars.get(key);
        return isDataset(ds) && typeof ds.dtype === 'string' && /^[<>|]?[iu]\d$/.test(ds.dtype);
      };
      return keys.filter((key) => !isCount(key)).map((key): KerasArray => {
        const ds = vars.get(key);
        if (!isDataset(ds)) refuse(`the weights of ${where(origin)}: vars/${key} is not a dataset`);
        const data = floatData(ds, `the weight vars/${key} of ${where(origin)}`);
        precisions.add(data.dtype);
        return { name: `vars/${key}`, ...data };
      });
    });
}

function json(bytes: Uint8Array | undefined, what: string): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(utf8Text(bytes));
  } catch {
    return refuse(`${what} is not valid JSON`);
  }
}

export function readKerasV3(source: ModelSource): Result<ImportedModel> {
  return caught(() => {
    if (!isZip(source.bytes)) refuse(`${source.name} is not a .keras file (not a zip archive)`);
    const entries = unzipEntries(source.bytes, source.name, ENTRIES);
    const config = json(entries.get('config.json'), `${source.name}: config.json`);
    if (config === undefined) refuse(`${source.name} has no config.json: it is not a Keras v3 model`);
    const weightsBytes = entries.get('model.weights.h5');
    if (!weightsBytes) refuse(`${source.name} has no model.weights.h5: a .keras file without its weights cannot be opened`);
    const metadata = json(entries.get('metadata.json'), `${source.name}: metadata.json`) as { keras_version?: unknown; dense_lab?: unknown } | undefined;
    const weights = openHdf5(weightsBytes, `${source.name}: model.weights.h5`);
    const precisions = new Set<string>();
    const { layers } = kerasLayers(config);
    const steps = kerasSteps(layers, v3Weights(weights, precisions));
    const version = typeof metadata?.keras_version === 'string' ? metadata.keras_version : undefined;
    const meta = metadata?.dense_lab !== undefined ? denseLabMetadata(JSON.stringify(metadata.dense_lab)) : {};
    return ok(
      buildModel(foldChain(steps), meta, {
        format: 'keras-v3',
        formatLabel: 'Keras v3 (.keras)',
        producer: version ? `keras ${version}` : 'unknown',
        layers: describeKerasLayers(layers),
        precision: precisions.has('float64') && !precisions.has('float32') ? 'float64' : 'float32',
        fileName: source.name,
      }),
    );
  });
}
