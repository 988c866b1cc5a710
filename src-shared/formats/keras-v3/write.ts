/**
 * A model file → Keras v3 `.keras` that Keras 3 loads with keras.models.load_model: config.json (Sequential:
 * InputLayer, a Normalization layer carrying the input scaling, Dense layers — with LeakyReLU / ELU layers where
 * Keras's activation strings cannot carry the model's alpha — and an inverted Normalization for a regression
 * output's unscaling), metadata.json, and model.weights.h5 laid out as Keras 3 writes it
 * (`layers/<name>/vars/0, 1, …`), float32.
 */
import { utf8Bytes } from '../utf8';
import { zipSync } from 'fflate';
import type { ModelFile } from '../../model-file/types';
import { inputWidth } from '../../model-file/types';
import { ok, type Result } from '../../result';
import { exportMetadata } from '../export-metadata';
import type { ExportedFile } from '../format';
import { writeHdf5, type H5DatasetSpec, type H5GroupSpec } from '../hdf5/write';

const DTYPE = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
/** The Keras version whose file layout this writes. */
export const KERAS_VERSION = '3.9.2';

function layerJson(className: string, config: Record<string, unknown>, inputShape?: number) {
  return {
    module: 'keras.layers',
    class_name: className,
    config: { trainable: true, dtype: DTYPE, ...config },
    registered_name: null,
    ...(inputShape !== undefined ? { build_config: { input_shape: [null, inputShape] } } : {}),
  };
}

const KERAS_ACTIVATION: Record<string, string> = { linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', softplus: 'softplus' };

/** The config and the weights (by layer name, in Keras's variable order) of the Keras model for a model file. */
export function kerasLayout(model: ModelFile) {
  const width = model.inputs.reduce((t, s) => t + inputWidth(s), 0);
  const layers: unknown[] = [{ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, width], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' }, registered_name: null }];
  const weights: { layer: string; arrays: { shape: number[]; values: Float32Array | BigInt64Array }[] }[] = [];
  const normalization = (name: string, mean: number[], variance: number[], invert: boolean) => {
    layers.push(layerJson('Normalization', { name, axis: [-1], invert, mean: null, variance: null }, mean.length));
    weights.push({ layer: name, arrays: [{ shape: [mean.length], values: Float32Array.from(mean) }, { shape: [variance.length], values: Float32Array.from(variance) }, { shape: [], values: BigInt64Array.from([0n]) }] });
  };
  if (model.inputs.some((s) => s.scale)) {
    const mean: number[] = [];
    const variance: number[] = [];
    for (const s of model.inputs) for (let c = 0; c < inputWidth(s); c++) {
      mean.push(s.scale?.mean ?? 0);
      variance.push(s.scale ? s.scale.std * s.scale.std : 1);
    }
    normalization('normalization', mean, variance, false);
  }
  let extra = 0;
  model.layers.forEach((layer, k) => {
    const name = k === 0 ? 'dense' : `dense_${k}`;
    const inputs = layer.kernel.length;
    const plain = KERAS_ACTIVATION[layer.activation] ?? (layer.activation === 'elu' && (layer.alpha ?? 1) === 1 ? 'elu' : 'linear');
    layers.push(
      layerJson(
        'Dense',
        {
          name,
          units: layer.units,
          activation: plain,
          use_bias: true,
          kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
          bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
          kernel_regularizer: null,
          bias_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
        },
        inputs,
      ),
    );
    weights.push({ layer: name, arrays: [{ shape: [inputs, layer.units], values: Float32Array.from(layer.kernel.flat()) }, { shape: [layer.units], values: Float32Array.from(layer.bias) }] });
    if (layer.activation === 'leaky_relu') layers.push(layerJson('LeakyReLU', { name: `leaky_re_lu${extra++ ? `_${extra - 1}` : ''}`, negative_slope: layer.alpha ?? 0.3 }));
    else if (layer.activation === 'elu' && plain !== 'elu') layers.push(layerJson('ELU', { name: `elu${extra++ ? `_${extra - 1}` : ''}`, alpha: layer.alpha ?? 1 }));
  });
  const scale = model.output.task === 'regression' ? model.output.scale : undefined;
  if (scale) normalization('output_unscaling', [scale.mean], [scale.std * scale.std], true);
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'sequential', trainable: true, dtype: DTYPE, layers },
    registered_name: null,
    build_config: { input_shape: [null, width] },
  };
  return { config, weights };
}

export async function writeKerasV3(model: ModelFile, baseName: string): Promise<Result<ExportedFile[]>> {
  const { config, weights } = kerasLayout(model);
  const groups: H5GroupSpec[] = [{ path: 'layers' }, { path: 'vars', attrs: { name: 'sequential' } }];
  const datasets: H5DatasetSpec[] = [];
  for (const w of weights) {
    groups.push({ path: `layers/${w.layer}/vars`, attrs: { name: w.layer } });
    w.arrays.forEach((a, k) => datasets.push({ path: `layers/${w.layer}/vars/${k}`, shape: a.shape, values: a.values }));
  }
  const h5 = await writeHdf5(groups, datasets);
  const text = (v: unknown) => utf8Bytes(JSON.stringify(v));
  const zip = zipSync(
    {
      'metadata.json': text({ keras_version: KERAS_VERSION, dense_lab: exportMetadata(model) }),
      'config.json': text(config),
      'model.weights.h5': h5,
    },
    { level: 0, mtime: new Date(1980, 0, 1) },
  );
  return ok([{ name: `${baseName}.keras`, bytes: zip }]);
}
