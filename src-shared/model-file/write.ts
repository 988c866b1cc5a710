/**
 * Writing a model file: stable, readable JSON. Keys in a fixed order, one kernel row per line, numbers in
 * JavaScript's shortest round-trip form (so reading the file gives back the same float64s, −0 included).
 * The same model always gives byte-identical text.
 */
import { AppFailure } from '../result';
import { DROPOUT_LAYER_TYPE, type InputSpec, type LayerSpec, type ModelFile, type OutputSpec } from './types';

/** Shortest text that reads back to exactly `v`; −0 is kept as "-0" (JSON.stringify would drop its sign). */
function num(v: number, path: string): string {
  if (!Number.isFinite(v)) {
    throw new AppFailure({ kind: 'model/non-finite', message: `${path} is ${v}; a model file holds only finite numbers`, path });
  }
  return Object.is(v, -0) ? '-0' : String(v);
}

const str = (s: string) => JSON.stringify(s);
const list = (values: readonly number[], path: string) => `[${values.map((v, k) => num(v, `${path}[${k}]`)).join(', ')}]`;
const scale = (s: { mean: number; std: number }, path: string) => `{"mean": ${num(s.mean, `${path}.mean`)}, "std": ${num(s.std, `${path}.std`)}}`;

/** A numeric input imputes a finite number; a categorical one, one of its categories (as readModelFile checks). */
function imputeText(spec: InputSpec, path: string): string {
  const v = spec.impute;
  if (spec.categories ? typeof v === 'string' && spec.categories.includes(v) : typeof v === 'number') {
    return typeof v === 'string' ? str(v) : num(v as number, path);
  }
  const want = spec.categories ? "one of the input's categories" : 'a number';
  throw new AppFailure({ kind: 'model/invalid', message: `${path} must be ${want}, got ${JSON.stringify(v)}`, path });
}

function input(spec: InputSpec, path: string): string {
  const parts = [`"name": ${str(spec.name)}`];
  if (spec.scale) parts.push(`"scale": ${scale(spec.scale, `${path}.scale`)}`);
  if (spec.categories) parts.push(`"categories": [${spec.categories.map(str).join(', ')}]`);
  if (spec.impute !== undefined) parts.push(`"impute": ${imputeText(spec, `${path}.impute`)}`);
  if (spec.date) parts.push(`"date": {"column": ${str(spec.date.column)}, "part": ${str(spec.date.part)}}`);
  return `{${parts.join(', ')}}`;
}

function output(spec: OutputSpec): string {
  const parts = [`"name": ${str(spec.name)}`, `"task": ${str(spec.task)}`];
  if (spec.classes) parts.push(`"classes": [${spec.classes.map(str).join(', ')}]`);
  if (spec.scale) parts.push(`"scale": ${scale(spec.scale, 'output.scale')}`);
  return `{${parts.join(', ')}}`;
}

function layer(spec: LayerSpec, index: number): string {
  const path = `layers[${index}]`;
  const lines = ['    {', `      "units": ${spec.units},`, `      "activation": ${str(spec.activation)},`];
  if (spec.alpha !== undefined) lines.push(`      "alpha": ${num(spec.alpha, `${path}.alpha`)},`);
  const rows = spec.kernel.map((row, i) => `        ${list(row, `${path}.kernel[${i}]`)}`);
  lines.push(rows.length === 0 ? '      "kernel": [],' : `      "kernel": [\n${rows.join(',\n')}\n      ],`);
  lines.push(`      "bias": ${list(spec.bias, `${path}.bias`)}`);
  lines.push('    }');
  const dense = lines.join('\n');
  // Keras's Dropout as a layer of its own, right after the dense layer it follows
  return spec.dropout === undefined ? dense : `${dense},\n    {"type": "${DROPOUT_LAYER_TYPE}", "rate": ${num(spec.dropout, `${path}.dropout`)}}`;
}

/**
 * The model file's text (ends with a newline). Only the known fields are written, in the order
 * format, version, precision, arithmetic, inputs, output, layers, training. Throws AppFailure (kind `model/non-finite`,
 * with the path) if a number is NaN or infinite: such a model cannot be written faithfully.
 */
export function writeModelFile(file: ModelFile): string {
  const out: string[] = ['{', `  "format": ${str(file.format)},`, `  "version": ${file.version},`];
  if (file.precision) out.push(`  "precision": ${str(file.precision)},`);
  if (file.arithmetic) out.push(`  "arithmetic": ${str(file.arithmetic)},`);
  out.push(`  "inputs": [\n${file.inputs.map((s, k) => `    ${input(s, `inputs[${k}]`)}`).join(',\n')}\n  ],`);
  out.push(`  "output": ${output(file.output)},`);
  out.push(`  "layers": [\n${file.layers.map(layer).join(',\n')}\n  ]${file.training ? ',' : ''}`);
  if (file.training) out.push(`  "training": ${JSON.stringify(file.training, null, 2).replace(/\n/g, '\n  ')}`);
  out.push('}');
  return out.join('\n') + '\n';
}
