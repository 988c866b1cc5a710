/**
 * Keras HDF5 (`model.save('m.h5')` by Keras 2.x, tf.keras, and Keras 3's legacy writer): the root attribute
 * `model_config` (JSON) and the group `model_weights/<layer>` with its `weight_names` attribute listing the
 * datasets in Keras's order.
 */
import { ok, type Result } from '../../result';
import { buildModel, foldChain, refuse, where, type ChainMetadata } from '../chain';
import type { ImportedModel, ModelSource } from '../format';
import { describeKerasLayers, kerasLayers, kerasSteps, type KerasArray, type KerasWeights } from '../keras/layers';
import { caught } from '../caught';
import { child, floatData, guarded, isDataset, isGroup, openHdf5, textAttr, textListAttr, type H5Group } from '../hdf5/read';

/** Every dataset below a group, depth first in name order (for files without weight_names). */
function datasetsBelow(group: H5Group, prefix: string, out: string[]): string[] {
  for (const key of group.keys) {
    const node = group.get(key);
    if (isGroup(node)) datasetsBelow(node, `${prefix}${key}/`, out);
    else if (isDataset(node)) out.push(`${prefix}${key}`);
  }
  return out;
}

/** The weights of one layer in a Keras 2 style weights group (model_weights, or the root of a weights file). */
export function legacyWeights(root: H5Group, what: string, precisions: Set<string>): KerasWeights {
  return (layerName, origin) =>
    guarded(`the weights of ${where(origin)}`, () => {
      const group = child(root, layerName);
      if (!isGroup(group)) return [];
      const names = textListAttr(group, 'weight_names') ?? datasetsBelow(group, '', []);
      return names.map((name): KerasArray => {
        const ds = child(group, name);
        if (!isDataset(ds)) refuse(`${what}: ${where(origin)} lists the weight ${name} but the file does not hold it`);
        const data = floatData(ds, `the weight ${name} of ${where(origin)}`);
        precisions.add(data.dtype);
        return { name, ...data };
      });
    });
}

/** Our own exports carry the inputs' names and the output's labels; other files have none. */
export function denseLabMetadata(text: string | undefined): ChainMetadata {
  if (!text) return {};
  try {
    const meta = JSON.parse(text) as ChainMetadata;
    return typeof meta === 'object' && meta !== null ? meta : {};
  } catch {
    return {};
  }
}

export function readKerasH5(source: ModelSource): Result<ImportedModel> {
  return caught(() => {
    const file = openHdf5(source.bytes, source.name);
    const configText = guarded('the model config', () => textAttr(file, 'model_config'));
    if (!configText) {
      refuse(`${source.name} holds weights only (no model_config attribute): save the whole model with model.save(), not save_weights()`);
    }
    let config: unknown;
    try {
      config = JSON.parse(configText);
    } catch {
      refuse(`${source.name}: the model_config attribute is not valid JSON`);
    }
    const version = guarded('the file attributes', () => textAttr(file, 'keras_version'));
    const backend = guarded('the file attributes', () => textAttr(file, 'backend'));
    const weightsRoot = guarded('model_weights', () => child(file, 'model_weights'));
    const root = isGroup(weightsRoot) ? weightsRoot : file;
    const precisions = new Set<string>();
    const { layers } = kerasLayers(config);
    const steps = kerasSteps(layers, legacyWeights(root, source.name, precisions));
    const producer = version ? `keras ${version}${backend ? ` (${backend})` : ''}` : 'unknown';
    const meta = denseLabMetadata(guarded('the file attributes', () => textAttr(file, 'dense_lab')));
    return ok(
      buildModel(foldChain(steps), meta, {
        format: 'keras-h5',
        formatLabel: 'Keras HDF5',
        producer,
        layers: describeKerasLayers(layers),
        precision: precisions.has('float64') && !precisions.has('float32') ? 'float64' : 'float32',
        fileName: source.name,
      }),
    );
  });
}

