/**
 * A model file → TensorFlow.js Layers: model.json (a Sequential topology as tfjs-layers saves it, the
 * weightsManifest, and userDefinedMetadata.dense_lab with the column names) and one `.bin` of float32 weights.
 * TF.js has no Normalization layer, so the scaling is folded into the first and last Dense (fold-scaling.ts).
 */
import { utf8Bytes } from '../utf8';
import type { ModelFile } from '../../model-file/types';
import { ok, type Result } from '../../result';
import { exportMetadata } from '../export-metadata';
import type { ExportedFile } from '../format';
import { layersWithScalingFolded } from '../fold-scaling';

const TFJS_ACTIVATION: Record<string, string> = { linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', softplus: 'softplus', elu: 'elu' };

export async function writeTfjs(model: ModelFile, baseName: string): Promise<Result<ExportedFile[]>> {
  const layers = layersWithScalingFolded(model);
  const topology: unknown[] = [];
  const manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const values: number[] = [];
  let extra = 0;
  layers.forEach((layer, k) => {
    const name = k === 0 ? 'dense' : `dense_${k}`;
    const inputs = layer.kernel.length;
    const plain = TFJS_ACTIVATION[layer.activation] && !(layer.activation === 'elu' && (layer.alpha ?? 1) !== 1) ? layer.activation : 'linear';
    topology.push({
      class_name: 'Dense',
      config: {
        name,
        trainable: true,
        ...(k === 0 ? { batch_input_shape: [null, inputs] } : {}),
        dtype: 'float32',
        units: layer.units,
        activation: plain,
        use_bias: true,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      },
    });
    if (layer.activation === 'leaky_relu') topology.push({ class_name: 'LeakyReLU', config: { name: `leaky_re_lu_${extra++}`, trainable: true, dtype: 'float32', alpha: layer.alpha ?? 0.3 } });
    else if (layer.activation === 'elu' && plain !== 'elu') topology.push({ class_name: 'ELU', config: { name: `elu_${extra++}`, trainable: true, dtype: 'float32', alpha: layer.alpha ?? 1 } });
    manifest.push({ name: `${name}/kernel`, shape: [inputs, layer.units], dtype: 'float32' }, { name: `${name}/bias`, shape: [layer.units], dtype: 'float32' });
    values.push(...layer.kernel.flat(), ...layer.bias);
  });
  const bin = `${baseName}.weights.bin`;
  const json = {
    format: 'layers-model',
    generatedBy: 'Dense Lab',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'sequential', layers: topology }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: [bin], weights: manifest }],
    userDefinedMetadata: { dense_lab: exportMetadata(model) },
  };
  const weights = new Uint8Array(Float32Array.from(values).buffer);
  return ok([
    { name: `${baseName}.json`, bytes: utf8Bytes(JSON.stringify(json, null, 1)) },
    { name: bin, bytes: weights },
  ]);
}
