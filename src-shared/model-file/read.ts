/**
 * Reading a model file (`*.dlmodel.json`): parse, validate everything, and say exactly what is wrong and where
 * (AppError.path like `layers[1].kernel`). Also the conversions between the file's nested arrays and the
 * engine's flat Float64Arrays.
 *
 * Output layers accepted per task:
 * - regression: 1 unit, any activation but softmax;
 * - binary: classes [negative, positive] and either 1 sigmoid unit (P(positive)) or 2 softmax units;
 * - multiclass: classes (≥ 2) and one softmax unit per class, in the classes' order.
 * Unknown extra fields are ignored (and not kept); the returned ModelFile holds only the known ones.
 */
import { ACTIVATIONS, type ActivationName, type Network } from '../nn/model';
import { escapeControl } from '../escape-control';
import { AppFailure, err, ok, type AppError, type Result } from '../result';
import { DATE_PARTS, DROPOUT_LAYER_TYPE, inputWidth, MODEL_FORMAT, MODEL_VERSION, type InputSpec, type LayerSpec, type ModelFile, type OutputSpec, type Task } from './types';
import { plural } from '../text/numbers';

const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass'];
const ALPHA_ACTIVATIONS: readonly ActivationName[] = ['leaky_relu', 'elu'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function fail(path: string, message: string, kind = 'model/invalid'): never {
  throw new AppFailure({ kind, message, path });
}

/** A short description of a JSON value for messages: `"abc"`, `null`, `an array`, `an object`, `true`. */
function describe(v: Json | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return escapeControl(JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v));
  return String(v);
}

/** What kind of value `v` is, without quoting it (for a file that is not known to be a model file yet). */
function kindOf(v: Json | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: Json | undefined, path: string): JsonObject {
  if (!isObject(v)) fail(path, `${path} must be an object, got ${describe(v)}`);
  return v;
}

function array(v: Json | undefined, path: string): Json[] {
  if (!Array.isArray(v)) fail(path, `${path} must be an array, got ${describe(v)}`);
  return v;
}

function string(v: Json | undefined, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, `${path} must be a non-empty string, got ${describe(v)}`);
  return v;
}

/** A finite number. JSON cannot spell NaN, but 1e400 parses to Infinity. */
function finite(v: Json | undefined, path: string): number {
  if (typeof v !== 'number') fail(path, `${path} must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) fail(path, `${path} is out of range (${v}); weights must be finite float64 numbers`);
  return v;
}

function positiveInteger(v: Json | undefined, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, `${path} must be a positive integer, got ${describe(v)}`);
  return v;
}

function distinctStrings(v: Json | undefined, path: string, minLength: number): string[] {
  const list = array(v, path).map((s, k) => {
    if (typeof s !== 'string') fail(`${path}[${k}]`, `${path}[${k}] must be a string, got ${describe(s)}`);
    return s;
  });
  if (list.length < minLength) fail(path, `${path} needs at least ${plural(minLength, 'entry', 'entries')}, has ${list.length}`);
  const seen = new Set<string>();
  list.forEach((s, k) => {
    if (seen.has(s)) fail(`${path}[${k}]`, `${path}[${k}] repeats ${JSON.stringify(s)}`);
    seen.add(s);
  });
  return list;
}

function readScale(v: Json | undefined, path: string): { mean: number; std: number } {
  const o = object(v, path);
  const mean = finite(o.mean, `${path}.mean`);
  const std = finite(o.std, `${path}.std`);
  if (!(std > 0)) fail(`${path}.std`, `${path}.std must be greater than 0, got ${std}`);
  return { mean, std };
}

/** A categorical input's impute value: one of its categories. */
function imputeCategory(v: Json | undefined, categories: readonly string[], path: string): string {
  if (typeof v !== 'string' || !categories.includes(v)) {
    fail(path, `${path} must be one of the input's categories (${categories.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}${categories.length > 5 ? ', …' : ''}), got ${describe(v)}`);
  }
  return v;
}

function readInput(v: Json, path: string): InputSpec {
  const o = object(v, path);
  const name = string(o.name, `${path}.name`);
  if (o.scale !== undefined && o.categories !== undefined) {
    fail(path, `${path} has both scale and categories; a categorical input is one-hot encoded, not scaled`);
  }
  const spec: { -readonly [K in keyof InputSpec]: InputSpec[K] } = { name };
  if (o.scale !== undefined) spec.scale = readScale(o.scale, `${path}.scale`);
  if (o.categories !== undefined) spec.categories = distinctStrings(o.categories, `${path}.categories`, 1);
  if (o.impute !== undefined) spec.impute = spec.categories ? imputeCategory(o.impute, spec.categories, `${path}.impute`) : finite(o.impute, `${path}.impute`);
  if (o.date !== undefined) {
    if (spec.categories) fail(path, `${path} has both date and categories; a date part is a number`);
    const d = object(o.date, `${path}.date`);
    const part = d.part;
    if (typeof part !== 'string' || !(DATE_PARTS as readonly string[]).includes(part)) {
      fail(`${path}.date.part`, `${path}.date.part must be one of ${DATE_PARTS.map((p) => JSON.stringify(p)).join(', ')}, got ${describe(part)}`);
    }
    spec.date = { column: string(d.column, `${path}.date.column`), part: part as (typeof DATE_PARTS)[number] };
  }
  return spec;
}

function readOutput(v: Json | undefined): OutputSpec {
  const o = object(v, 'output');
  const name = string(o.name, 'output.name');
  const task = o.task;
  if (typeof task !== 'string' || !TASKS.includes(task as Task)) {
    fail('output.task', `output.task must be one of ${TASKS.join(', ')}, got ${describe(task)}`);
  }
  const spec: { name: string; task: Task; classes?: string[]; scale?: { mean: number; std: number } } = { name, task: task as Task };
  if (task === 'regression') {
    if (o.classes !== undefined) fail('output.classes', 'output.classes is only for binary and multiclass tasks; this output is regression');
    if (o.scale !== undefined) spec.scale = readScale(o.scale, 'output.scale');
  } else {
    if (o.classes === undefined) fail('output.classes', `output.classes is missing; a ${task} output needs its class labels`);
    spec.classes = distinctStrings(o.classes, 'output.classes', 2);
    if (task === 'binary' && spec.classes.length !== 2) {
      fail('output.classes', `output.classes has ${plural(spec.classes.length, 'label')}; a binary output has exactly 2 ([negative, positive])`);
    }
    if (o.scale !== undefined) fail('output.scale', `output.scale is only for regression; this output is ${task}`);
  }
  return spec;
}

function readLayer(v: Json, index: number, rows: number, rowsSource: string, isLast: boolean): LayerSpec {
  const path = `layers[${index}]`;
  const o = object(v, path);
  const units = positiveInteger(o.units, `${path}.units`);
  const activation = o.activation;
  if (typeof activation !== 'string' || !ACTIVATIONS.includes(activation as ActivationName)) {
    fail(`${path}.activation`, `${path}.activation must be one of ${ACTIVATIONS.join(', ')}, got ${describe(activation)}`);
  }
  const act = activation as ActivationName;
  if (act === 'softmax' && !isLast) {
    fail(`${path}.activation`, `${path}.activation is softmax, which is allowed only on the last layer`);
  }
  let alpha: number | undefined;
  if (o.alpha !== undefined) {
    if (!ALPHA_ACTIVATIONS.includes(act)) fail(`${path}.alpha`, `${path}.alpha applies only to leaky_relu and elu; this layer is ${act}`);
    alpha = finite(o.alpha, `${path}.alpha`);
  }
  const kernelRows = array(o.kernel, `${path}.kernel`);
  if (kernelRows.length !== rows) fail(`${path}.kernel`, `${path}.kernel has ${plural(kernelRows.length, 'row')}; ${rowsSource}`);
  const kernel = kernelRows.map((row, i) => {
    const rowPath = `${path}.kernel[${i}]`;
    const values = array(row, rowPath);
    if (values.length !== units) fail(rowPath, `${rowPath} has ${plural(values.length, 'value')}; layer ${index} has ${plural(units, 'unit')}`);
    return values.map((w, j) => finite(w, `${rowPath}[${j}]`));
  });
  const biasValues = array(o.bias, `${path}.bias`);
  if (biasValues.length !== units) fail(`${path}.bias`, `${path}.bias has ${plural(biasValues.length, 'value')}; layer ${index} has ${plural(units, 'unit')}`);
  const bias = biasValues.map((b, j) => finite(b, `${path}.bias[${j}]`));
  return { units, activation: act, ...(alpha !== undefined ? { alpha } : {}), kernel, bias };
}

/** A Dropout entry (`{"type": "dropout", "rate": r}`) folded into the dense layer right before it. */
function withDropout(o: JsonObject, index: number, before: LayerSpec | undefined, follows: boolean, isLast: boolean): LayerSpec {
  const path = `layers[${index}]`;
  if (!before || !follows) fail(path, `${path} is a dropout layer; it must come right after a dense layer`);
  if (isLast) fail(path, `${path} is a dropout layer after the output layer; dropout belongs between hidden layers`);
  const rate = finite(o.rate, `${path}.rate`);
  if (!(rate >= 0 && rate < 1)) fail(`${path}.rate`, `${path}.rate must be from 0 to below 1, got ${rate}`);
  return { ...before, dropout: rate };
}

/** The output layer must fit the task (see the module comment for what is accepted). */
function checkOutputLayer(output: OutputSpec, last: LayerSpec, index: number): void {
  const path = `layers[${index}]`;
  const shape = plural(last.units, `${last.activation} unit`);
  if (output.task === 'regression') {
    if (last.units !== 1) fail(`${path}.units`, `${path} has ${last.units} units; a regression output (output.name ${JSON.stringify(output.name)}) needs 1`);
    if (last.activation === 'softmax') fail(`${path}.activation`, `${path}.activation is softmax; a regression output is one number, and softmax of one unit is always 1`);
  } else if (output.task === 'binary') {
    const fits = (last.units === 1 && last.activation === 'sigmoid') || (last.units === 2 && last.activation === 'softmax');
    if (!fits) fail(path, `${path} has ${shape}; a binary output needs 1 sigmoid unit or 2 softmax units`);
  } else {
    const n = output.classes?.length ?? 0;
    if (last.units !== n || last.activation !== 'softmax') {
      fail(path, `${path} has ${shape}; a multiclass output with ${n} classes needs ${n} softmax units`);
    }
  }
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < position && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: position - start + 1 };
}

/**
 * The JSON parser's reason without any of the file's text: V8 quotes the start of the file in some messages
 * ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"), and a file opened by path may be anything the
 * user can read (a key, a password file), so nothing of it is repeated in a message.
 */
function syntaxReason(message: string): string {
  if (/^Unexpected end of JSON input/i.test(message)) return 'the text ends before the JSON value is complete';
  if (/^Unexpected token/i.test(message)) return 'an unexpected character';
  const reason = /^(.*?) in JSON at position \d+/.exec(message)?.[1];
  if (reason !== undefined && !/["'`]/.test(reason.replace(/'[,{}[\]:]'/g, ''))) return reason.charAt(0).toLowerCase() + reason.slice(1);
  return 'a syntax error';
}

function parseJson(text: string): Result<Json> {
  try {
    return ok(JSON.parse(text) as Json);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    const where = position ? lineColumn(text, Number(position[1])) : undefined;
    return err({
      kind: 'model/not-json',
      message: `not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''}: ${escapeControl(syntaxReason(message))}`,
      ...(where ?? {}),
    });
  }
}

function validate(root: Json): ModelFile {
  if (!isObject(root)) fail('', `a model file is a JSON object, got ${kindOf(root)}`, 'model/unknown-format');
  if (root.format !== MODEL_FORMAT) {
    // the value is not quoted: until the format matches, this may be any JSON file the user can read
    const found = root.format === undefined ? 'it has no "format" field' : `its "format" is ${typeof root.format === 'string' ? 'another format' : kindOf(root.format)}`;
    fail('format', `not a Dense Lab model file: ${found}, expected "${MODEL_FORMAT}"`, 'model/unknown-format');
  }
  const version = root.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail('version', `version must be a positive integer, got ${describe(version)}`);
  }
  if (version > MODEL_VERSION) {
    fail('version', `this model file is version ${version}, written by a newer Dense Lab; this one reads version ${MODEL_VERSION}. Update Dense Lab to open it`, 'model/newer-version');
  }
  const inputsJson = array(root.inputs, 'inputs');
  if (inputsJson.length === 0) fail('inputs', 'inputs is empty; a model needs at least one input');
  const inputs = inputsJson.map((v, k) => readInput(v, `inputs[${k}]`));
  const names = new Map<string, number>();
  inputs.forEach((spec, k) => {
    const earlier = names.get(spec.name);
    if (earlier !== undefined) fail(`inputs[${k}].name`, `inputs[${k}].name repeats ${JSON.stringify(spec.name)} (also inputs[${earlier}])`);
    names.set(spec.name, k);
  });
  const output = readOutput(root.output);
  const layersJson = array(root.layers, 'layers');
  if (layersJson.length === 0) fail('layers', 'layers is empty; a model needs at least one layer');
  const width = inputs.reduce((t, s) => t + inputWidth(s), 0);
  const hasCategories = inputs.some((s) => s.categories);
  let rows = width;
  let rowsSource = hasCategories
    ? `the inputs feed ${plural(width, 'value')} (each categorical input feeds one per category)`
    : `the model has ${plural(width, 'input')}`;
  const layers: LayerSpec[] = [];
  let lastDense = -1;
  layersJson.forEach((v, k) => {
    if (isObject(v) && v.type === DROPOUT_LAYER_TYPE) {
      layers[layers.length - 1] = withDropout(v, k, layers[layers.length - 1], lastDense === k - 1, k === layersJson.length - 1);
      return;
    }
    const isLast = layersJson.slice(k + 1).every((later) => isObject(later) && later.type === DROPOUT_LAYER_TYPE);
    const layer = readLayer(v, k, rows, rowsSource, isLast);
    rows = layer.units;
    rowsSource = `layer ${k} has ${plural(layer.units, 'unit')}`;
    layers.push(layer);
    lastDense = k;
  });
  checkOutputLayer(output, layers[layers.length - 1], lastDense);
  const file: { -readonly [K in keyof ModelFile]: ModelFile[K] } = { format: MODEL_FORMAT, version, inputs, output, layers };
  if (root.precision !== undefined) {
    if (root.precision !== 'float64' && root.precision !== 'float32') {
      fail('precision', `precision must be "float64" or "float32", got ${describe(root.precision)}`);
    }
    file.precision = root.precision;
  }
  if (root.arithmetic !== undefined) {
    if (root.arithmetic !== 'float64' && root.arithmetic !== 'float32') {
      fail('arithmetic', `arithmetic must be "float64" or "float32", got ${describe(root.arithmetic)}`);
    }
    file.arithmetic = root.arithmetic;
  }
  if (root.training !== undefined) file.training = object(root.training, 'training') as Record<string, unknown>;
  return file;
}

/**
 * Parse and validate a model file's text. Errors (kind `model/not-json`, `model/unknown-format`,
 * `model/newer-version` or `model/invalid`) say what is wrong, with `path` like `layers[1].kernel[0][2]`
 * (or line/column for JSON syntax errors).
 */
export function readModelFile(text: string): Result<ModelFile> {
  // a byte-order mark some editors add is not part of the JSON
  const parsed = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!parsed.ok) return parsed;
  return checkModel(parsed.value);
}

/** Validate an already-parsed model object (e.g. one received over the API) the same way readModelFile does. */
export function checkModel(value: unknown): Result<ModelFile> {
  try {
    return ok(validate(value as Json));
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
}

/** Prefix an error's message with its file, for one-line CLI/UI messages: `model.json: layers[1].kernel has …`. */
export function describeModelError(error: AppError, file?: string): string {
  return file ? `${file}: ${error.message}` : error.message;
}

/** The engine's view of a valid model file: flat row-major kernels (kernel[i * units + j]) and biases. */
export function modelToNetwork(file: ModelFile): Network {
  const inputSize = file.inputs.reduce((t, s) => t + inputWidth(s), 0);
  let inputs = inputSize;
  const layers = file.layers.map((spec) => {
    const kernel = new Float64Array(inputs * spec.units);
    spec.kernel.forEach((row, i) => kernel.set(row, i * spec.units));
    const layer = {
      inputs,
      units: spec.units,
      activation: spec.activation,
      ...(spec.alpha !== undefined ? { alpha: spec.alpha } : {}),
      kernel,
      bias: Float64Array.from(spec.bias),
      ...(spec.dropout !== undefined ? { dropout: spec.dropout } : {}),
    };
    inputs = spec.units;
    return layer;
  });
  return { inputSize, layers };
}

/** The model file's layers for a network: kernel[i][j] = net kernel[i * units + j] (Keras layout), numbers unchanged. */
export function networkToLayers(net: Network): LayerSpec[] {
  return net.layers.map((layer) => {
    const kernel: number[][] = [];
    for (let i = 0; i < layer.inputs; i++) kernel.push(Array.from(layer.kernel.subarray(i * layer.units, (i + 1) * layer.units)));
    return {
      units: layer.units,
      activation: layer.activation,
      ...(layer.alpha !== undefined ? { alpha: layer.alpha } : {}),
      kernel,
      bias: Array.from(layer.bias),
      ...(layer.dropout ? { dropout: layer.dropout } : {}),
    };
  });
}
