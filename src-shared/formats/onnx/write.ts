/**
 * A model file → ONNX (opset 13, IR version 8), float32 as ONNX runtimes expect: one input tensor
 * "input" [batch, n] taking raw column values (one-hot inputs as 0/1 columns, in the model's order), Sub + Div
 * for the input scaling, one Gemm per layer followed by its activation op, Mul + Add for a regression output's
 * unscaling, and one output tensor named after the model's output column. The batch dimension is symbolic
 * ("batch"). The column names, task and classes travel in metadata_props["dense_lab"].
 */
import type { ModelFile } from '../../model-file/types';
import { inputWidth } from '../../model-file/types';
import { ok, type Result } from '../../result';
import type { ExportedFile } from '../format';
import { exportMetadata, networkColumns } from '../export-metadata';
import { DATA_TYPE, encodeOnnx, type OnnxNode, type OnnxTensor } from './schema';

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let k = 0; k < values.length; k++) view.setFloat32(4 * k, values[k], true);
  return { name, dims, dataType: DATA_TYPE.FLOAT, rawData: raw };
}

const ACTIVATION_OP: Record<string, string | undefined> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softplus: 'Softplus', softmax: 'Softmax', leaky_relu: 'LeakyRelu', elu: 'Elu' };

/** An ONNX tensor name from a column name: kept as is unless empty (ONNX allows any string). */
export function outputTensorName(model: ModelFile): string {
  return model.output.name.trim() === '' ? 'output' : model.output.name;
}

export function onnxModelObject(model: ModelFile) {
  const width = model.inputs.reduce((t, s) => t + inputWidth(s), 0);
  const nodes: OnnxNode[] = [];
  const init: OnnxTensor[] = [];
  let current = 'input';
  let n = 0;
  const next = (label: string) => `${label}_${n++}`;
  if (model.inputs.some((s) => s.scale)) {
    const mean: number[] = [];
    const std: number[] = [];
    for (const s of model.inputs) for (let c = 0; c < inputWidth(s); c++) {
      mean.push(s.scale?.mean ?? 0);
      std.push(s.scale?.std ?? 1);
    }
    init.push(floatTensor('input_mean', [width], mean), floatTensor('input_std', [width], std));
    const centred = next('centred');
    nodes.push({ opType: 'Sub', name: 'input_scaling_sub', input: [current, 'input_mean'], output: [centred] });
    current = next('scaled');
    nodes.push({ opType: 'Div', name: 'input_scaling_div', input: [centred, 'input_std'], output: [current] });
  }
  model.layers.forEach((layer, k) => {
    const name = k === 0 ? 'dense' : `dense_${k}`;
    init.push(floatTensor(`${name}_kernel`, [layer.kernel.length, layer.units], layer.kernel.flat()), floatTensor(`${name}_bias`, [layer.units], layer.bias));
    const z = next(`${name}_z`);
    nodes.push({ opType: 'Gemm', name, input: [current, `${name}_kernel`, `${name}_bias`], output: [z] });
    current = z;
    const op = ACTIVATION_OP[layer.activation];
    if (op) {
      const a = next(`${name}_a`);
      const attribute = op === 'Softmax' ? [{ name: 'axis', i: -1, type: 2 }] : op === 'LeakyRelu' || op === 'Elu' ? [{ name: 'alpha', f: layer.alpha ?? (op === 'Elu' ? 1 : 0.3), type: 1 }] : [];
      nodes.push({ opType: op, name: `${name}_${layer.activation}`, input: [current], output: [a], attribute });
      current = a;
    }
  });
  const scale = model.output.task === 'regression' ? model.output.scale : undefined;
  if (scale) {
    init.push(floatTensor('output_std', [1], [scale.std]), floatTensor('output_mean', [1], [scale.mean]));
    const times = next('unscaled_times');
    nodes.push({ opType: 'Mul', name: 'output_unscaling_mul', input: [current, 'output_std'], output: [times] });
    current = next('unscaled');
    nodes.push({ opType: 'Add', name: 'output_unscaling_add', input: [times, 'output_mean'], output: [current] });
  }
  const outName = outputTensorName(model);
  nodes.push({ opType: 'Identity', name: 'output', input: [current], output: [outName] });
  const units = model.layers[model.layers.length - 1].units;
  const tensorType = (dims: (number | string)[]) => ({ tensorType: { elemType: DATA_TYPE.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } });
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'dense-lab',
    producerVersion: '1',
    docString: `inputs (columns of "input", in order): ${networkColumns(model).join(', ')}`,
    graph: {
      name: 'dense_lab_model',
      node: nodes,
      initializer: init,
      input: [{ name: 'input', type: tensorType(['batch', width]) }],
      output: [{ name: outName, type: tensorType(['batch', units]) }],
    },
    metadataProps: [{ key: 'dense_lab', value: JSON.stringify(exportMetadata(model)) }],
  };
}

export async function writeOnnx(model: ModelFile, baseName: string): Promise<Result<ExportedFile[]>> {
  return ok([{ name: `${baseName}.onnx`, bytes: encodeOnnx(onnxModelObject(model)) }]);
}
