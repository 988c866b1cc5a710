/**
 * ONNX (`.onnx`, as torch.onnx.export, tf2onnx and skl2onnx write MLPs): a single chain from the graph's one
 * input to its one output through Gemm, or MatMul + Add, and the activations Relu / Tanh / Sigmoid / Softmax /
 * LeakyRelu / Elu / Softplus, with Identity / Dropout / Flatten as no-ops. Sub + Div right after the input are
 * the input scaling and Mul + Add right before the output a regression output's unscaling (as Dense Lab's own
 * export writes them); other elementwise constants fold into the neighbouring layer.
 */
import { ok, type Result } from '../../result';
import { caught } from '../caught';
import { buildModel, foldChain, refuse, where, type Step, type StepOrigin } from '../chain';
import type { ImportedModel, ModelSource } from '../format';
import { denseLabMetadata } from '../keras-h5/read';
import { DATA_TYPE, decodeOnnx, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './schema';

interface Constant {
  readonly dims: number[];
  readonly values: Float64Array;
  readonly dtype: 'float32' | 'float64';
}

function tensorValues(t: OnnxTensor, what: string): Constant {
  if (t.dataLocation === 1) refuse(`${what} keeps its values in an external file; save the model with its weights inside`);
  const dims = t.dims ?? [];
  const count = dims.reduce((a, d) => a * d, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  let values: Float64Array;
  let dtype: 'float32' | 'float64' = 'float32';
  if (t.dataType === DATA_TYPE.FLOAT) {
    if (raw) {
      if (raw.length !== count * 4) refuse(`${what} should hold ${count} float32 values but has ${raw.length} bytes`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      values = Float64Array.from({ length: count }, (_, k) => view.getFloat32(4 * k, true));
    } else values = Float64Array.from(t.floatData ?? []);
  } else if (t.dataType === DATA_TYPE.DOUBLE) {
    dtype = 'float64';
    if (raw) {
      if (raw.length !== count * 8) refuse(`${what} should hold ${count} float64 values but has ${raw.length} bytes`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      values = Float64Array.from({ length: count }, (_, k) => view.getFloat64(8 * k, true));
    } else values = Float64Array.from(t.doubleData ?? []);
  } else return refuse(`${what} has ONNX data type ${t.dataType ?? 'unset'}; Dense Lab reads float32 and float64 weights`);
  if (values.length !== count) refuse(`${what} should hold ${count} values but has ${values.length}`);
  if (values.some((v) => !Number.isFinite(v))) refuse(`${what} holds a NaN or infinite value`);
  return { dims, values, dtype };
}

/** An int64 tensor's values (raw little-endian or int64_data). */
function intValues(t: OnnxTensor): number[] {
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  if (!raw) return (t.int64Data ?? []).map(Number);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: Math.floor(raw.length / 8) }, (_, k) => Number(view.getBigInt64(8 * k, true)));
}

const attr = (node: OnnxNode, name: string): OnnxAttribute | undefined => node.attribute?.find((a) => a.name === name);
const attrInt = (node: OnnxNode, name: string, fallback: number) => attr(node, name)?.i ?? fallback;
const attrFloat = (node: OnnxNode, name: string, fallback: number) => attr(node, name)?.f ?? fallback;

const ACTIVATION_OPS: Record<string, Step['kind'] extends never ? never : string> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', Softplus: 'softplus', Softmax: 'softmax', LeakyRelu: 'leaky_relu', Elu: 'elu' };
const IDENTITY_OPS = new Set(['Identity', 'Dropout', 'Flatten']);

function refusalFor(op: string): string {
  if (/Conv|Pool/.test(op)) return 'only dense chains can be opened (convolutions and pooling are not dense layers)';
  if (/LSTM|GRU|RNN/.test(op)) return 'only dense chains can be opened (recurrent layers are not dense layers)';
  if (/Gather/.test(op)) return 'only dense chains can be opened (embeddings are not dense layers)';
  if (op === 'Concat' || op === 'Split') return 'only a single chain can be opened (it joins or splits branches)';
  if (op === 'Selu') return "Dense Lab's engine has no selu activation";
  if (op === 'LogSoftmax') return "Dense Lab's engine has no log-softmax output (export the model with Softmax instead)";
  return 'only dense chains can be opened (this op is not one Dense Lab reads)';
}

/** Walk the graph from its single input to its single output, one node at a time, into steps. */
function walk(model: OnnxModel, what: string, precisions: Set<string>): { steps: Step[]; ops: string[] } {
  const graph = model.graph;
  if (!graph) refuse(`${what} has no graph`);
  const constants = new Map<string, Constant>();
  const nodes = graph.node ?? [];
  // int64 tensors are shapes (Reshape's target), not weights
  const ints = new Map<string, number[]>();
  const keep = (name: string, t: OnnxTensor, what: string) => {
    if (t.dataType === DATA_TYPE.INT64) ints.set(name, intValues(t));
    else constants.set(name, tensorValues(t, what));
  };
  for (const t of graph.initializer ?? []) if (t.name) keep(t.name, t, `the initializer ${JSON.stringify(t.name)}`);
  nodes.forEach((n) => {
    if (n.opType === 'Constant' && attr(n, 'value')?.t) keep(n.output[0], attr(n, 'value')!.t!, `the constant ${JSON.stringify(n.output[0])}`);
  });
  const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name) && !ints.has(i.name));
  if (inputs.length !== 1) refuse(`${what} has ${inputs.length} graph inputs; only a model with one input tensor can be opened`);
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) refuse(`${what} has ${outputs.length} graph outputs; only a model with one output can be opened (classifiers that also output a label are not read)`);
  const shape = inputs[0].type?.tensorType?.shape?.dim ?? [];
  // rows of numbers are [batch, features]; a higher-rank input must pass a Flatten before its first layer
  let flat = shape.length <= 2;
  let current = inputs[0].name;
  const steps: Step[] = [];
  const ops: string[] = [];
  const live = nodes.map((n, k) => ({ n, position: k + 1 })).filter(({ n }) => n.opType !== 'Constant');
  const used = new Set<number>();
  const constOf = (node: OnnxNode, origin: StepOrigin): Constant => {
    const other = node.input.find((i) => i !== current);
    const c = other !== undefined ? constants.get(other) : undefined;
    if (!c) refuse(`${where(origin)} is ${node.opType} of two computed tensors: only a single chain can be opened`);
    precisions.add(c.dtype);
    return c;
  };
  while (current !== outputs[0].name) {
    const consumers = live.filter(({ n }) => n.input.includes(current));
    if (consumers.length === 0) refuse(`${what}: nothing in the graph reads ${JSON.stringify(current)}, and it is not the graph's output`);
    if (consumers.length > 1) {
      const o = consumers[1];
      refuse(`${where({ noun: 'node', position: o.position, name: o.n.name ?? o.n.opType, type: o.n.opType })} also reads ${JSON.stringify(current)}: only a single chain can be opened (no branches)`);
    }
    const { n: node, position } = consumers[0];
    if (used.has(position)) refuse(`${what}: the graph has a cycle`);
    used.add(position);
    const origin: StepOrigin = { noun: 'node', position, name: node.name || `${node.opType}_${position}`, type: node.opType };
    ops.push(`${origin.name} (${node.opType})`);
    if (node.domain && node.domain !== 'ai.onnx') refuse(`${where(origin)} is ${node.opType} from the domain ${node.domain}: only standard ONNX ops can be opened`);
    if (node.opType === 'Flatten') flat = true;
    if (!flat && (node.opType === 'Gemm' || node.opType === 'MatMul')) refuse(`${where(origin)} is ${node.opType} on an input of ${shape.length} dimensions: only rows of numbers (batch × features) can be opened`);
    steps.push(...nodeSteps(node, origin, current, constOf, (name) => ints.get(name)));
    if (node.output.length !== 1 && !(node.opType === 'Dropout')) refuse(`${where(origin)} is ${node.opType} with ${node.output.length} outputs: only a single chain can be opened`);
    current = node.output[0];
  }
  return { steps: recognizeScaling(steps), ops };
}

function nodeSteps(node: OnnxNode, origin: StepOrigin, current: string, constOf: (n: OnnxNode, o: StepOrigin) => Constant, constOfInt: (name: string) => number[] | undefined): Step[] {
  const op = node.opType;
  if (op === 'Gemm' || op === 'MatMul') {
    if (node.input[0] !== current) refuse(`${where(origin)} is ${op} with the data as its second operand: only x·W layers can be opened`);
    if (op === 'Gemm' && attrInt(node, 'transA', 0) !== 0) refuse(`${where(origin)} is Gemm with transA=1: only x·W layers can be opened`);
    const b = constOf({ ...node, input: node.input.slice(0, 2) }, origin);
    if (b.dims.length !== 2) refuse(`${where(origin)} is ${op} with a weight of ${b.dims.length} dimensions; a dense layer's weight is a matrix`);
    const transB = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
    const [inputs, units] = transB ? [b.dims[1], b.dims[0]] : [b.dims[0], b.dims[1]];
    const alpha = op === 'Gemm' ? attrFloat(node, 'alpha', 1) : 1;
    const kernel = new Float64Array(inputs * units);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) kernel[i * units + j] = alpha * (transB ? b.values[j * inputs + i] : b.values[i * units + j]);
    const bias = new Float64Array(units);
    if (op === 'Gemm' && node.input[2]) {
      const c = constOf({ ...node, input: [current, node.input[2]] }, origin);
      const beta = attrFloat(node, 'beta', 1);
      if (c.values.length !== units && c.values.length !== 1) refuse(`${where(origin)} is Gemm with a bias of ${c.values.length} values for ${units} units`);
      for (let j = 0; j < units; j++) bias[j] = beta * c.values[c.values.length === 1 ? 0 : j];
    }
    return [{ ...origin, kind: 'dense', inputs, units, kernel, bias, activation: 'linear' }];
  }
  if (op in ACTIVATION_OPS) {
    if (op === 'Softmax') {
      const axis = attrInt(node, 'axis', -1);
      if (axis !== -1 && axis !== 1) refuse(`${where(origin)} is Softmax over axis ${axis}: only the feature axis can be read`);
    }
    const activation = ACTIVATION_OPS[op] as 'relu';
    const alpha = op === 'LeakyRelu' ? { alpha: attrFloat(node, 'alpha', 0.01) } : op === 'Elu' ? { alpha: attrFloat(node, 'alpha', 1) } : {};
    return [{ ...origin, kind: 'activation', activation, ...alpha }];
  }
  if (op === 'Reshape' || op === 'Squeeze' || op === 'Unsqueeze') {
    // x.view(-1, n) / reshape([-1, 1]) of rows that are already [batch, n]: the identity; anything else is not a chain of rows
    const shape = node.input[1] ? constOfInt(node.input[1]) : undefined;
    if (op === 'Reshape' && shape && shape.length === 2 && (shape[0] === -1 || shape[0] === 0)) return [{ ...origin, kind: 'identity' }];
    refuse(`${where(origin)} is ${op}, which changes the shape of the rows: only dense chains of [batch, features] can be opened`);
  }
  if (IDENTITY_OPS.has(op)) {
    if (op === 'Flatten' && attrInt(node, 'axis', 1) !== 1) refuse(`${where(origin)} is Flatten over axis ${attrInt(node, 'axis', 1)}: only flat rows can be opened`);
    return [{ ...origin, kind: 'identity' }];
  }
  if (op === 'BatchNormalization') {
    // y = scale·(x − mean)/√(var + ε) + B = s·x + t, with the node's epsilon (ONNX default 1e-5)
    const [, ...params] = node.input;
    const [gamma, beta, mean, variance] = params.map((name) => constOf({ ...node, input: [current, name] }, origin).values);
    if (!variance || [gamma, beta, mean].some((a) => a.length !== variance.length)) refuse(`${where(origin)} is BatchNormalization without four constant parameters of one length`);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const scale = gamma.map((g, j) => g / Math.sqrt(variance[j] + eps));
    return [{ ...origin, kind: 'affine', scale, shift: beta.map((b, j) => b - scale[j] * mean[j]) }];
  }
  if (op === 'Add' || op === 'Sub' || op === 'Mul' || op === 'Div') {
    const c = constOf(node, origin);
    if (op === 'Sub' && node.input[0] !== current) refuse(`${where(origin)} is Sub of the data from a constant, which Dense Lab does not read`);
    if (op === 'Div' && node.input[0] !== current) refuse(`${where(origin)} is Div of a constant by the data, which Dense Lab does not read`);
    if (c.values.some((v) => v === 0) && op === 'Div') refuse(`${where(origin)} divides by zero`);
    const ones = (v: number) => Float64Array.from(c.values, () => v);
    if (op === 'Add') return [{ ...origin, kind: 'affine', scale: ones(1), shift: c.values }];
    if (op === 'Sub') return [{ ...origin, kind: 'affine', scale: ones(1), shift: c.values.map((v) => -v) }];
    if (op === 'Mul') return [{ ...origin, kind: 'affine', scale: c.values, shift: ones(0) }];
    return [{ ...origin, kind: 'affine', scale: c.values.map((v) => 1 / v), shift: ones(0) }];
  }
  return refuse(`${where(origin)} is ${op}: ${refusalFor(op)}`);
}

/**
 * Sub(mean) then Div(std) before the first layer is the inputs' scaling; Mul(std) then Add(mean) of one value
 * after the last layer is the output's unscaling. Kept as such (rather than folded) so a model exported by
 * Dense Lab reads back as it was.
 */
function recognizeScaling(steps: Step[]): Step[] {
  const out = [...steps];
  const [a, b] = out;
  if (a?.kind === 'affine' && b?.kind === 'affine' && a.type === 'Sub' && b.type === 'Div' && a.shift.length === b.scale.length) {
    out.splice(0, 2, { ...a, type: 'Sub + Div', kind: 'normalize', mean: a.shift.map((v) => -v), std: b.scale.map((v) => 1 / v) });
  }
  const kept = out.map((s, k) => (s.kind === 'identity' ? -1 : k)).filter((k) => k >= 0);
  const [iy, iz] = kept.slice(-2);
  const y = out[iy];
  const z = out[iz];
  if (iz === iy + 1 && y?.kind === 'affine' && z?.kind === 'affine' && y.type === 'Mul' && z.type === 'Add' && y.scale.length === 1 && z.shift.length === 1) {
    out.splice(iy, 2, { ...y, type: 'Mul + Add', kind: 'unscale', mean: z.shift[0], std: y.scale[0] });
  }
  return out;
}

/** "\x08" is field 1 (ir_version) as a varint: every ONNX file we have seen starts with it. */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x08 && bytes[1] < 0x80;
}

export function readOnnx(source: ModelSource): Result<ImportedModel> {
  return caught(() => {
    let model: OnnxModel;
    try {
      model = decodeOnnx(source.bytes);
    } catch (e) {
      return refuse(`${source.name} is not a valid ONNX file: it is damaged or truncated (${e instanceof Error ? e.message : String(e)})`);
    }
    const precisions = new Set<string>();
    const { steps, ops } = walk(model, source.name, precisions);
    const metaText = model.metadataProps?.find((p) => p.key === 'dense_lab')?.value;
    const opset = model.opsetImport?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version;
    const producer = [model.producerName, model.producerVersion].filter(Boolean).join(' ') || 'unknown';
    return ok(
      buildModel(foldChain(steps), denseLabMetadata(metaText), {
        format: 'onnx',
        formatLabel: `ONNX${opset ? ` (opset ${opset})` : ''}`,
        producer,
        layers: ops,
        precision: precisions.has('float64') && !precisions.has('float32') ? 'float64' : 'float32',
        fileName: source.name,
      }),
    );
  });
}
