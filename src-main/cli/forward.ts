/**
 * `dense-lab forward --model MODEL --input 2,3 [--json]`: one row through the network, showing every layer's
 * z and a (computed by forwardTrace, the same numbers the app's step-through shows).
 * --json prints exactly {"layers": [{"z": [...], "a": [...]}, ...], "output": [...]} on stdout, numbers in
 * JavaScript's shortest round-trip form (they read back to the same float64s).
 *
 * `dense-lab forward --model MODEL --data CSV --row K [--header yes|no] [--json]`: row K (1-based, data rows)
 * of a CSV along the one path every view uses (src-shared/jobs/row-path.ts), so `prediction` is exactly what
 * `predict` writes for that row.
 */
import type { InputSpec, ModelFile } from '../../src-shared/model-file/types';
import { modelToNetwork } from '../../src-shared/model-file/read';
import { forwardTrace, type ForwardTrace } from '../../src-shared/nn/forward';
import { parseFlags, requireFlag, UsageError, type CliCommand } from './command';
import { HEADER_FLAG } from './header-flag';
import { readModelFromDisk } from './read-model';
import { forwardDataRow } from './forward-row';
import { plural } from '../../src-shared/text/numbers';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One value per model input, as a person writes them: numbers for numeric inputs, category names for
 * categorical ones. Returns the network's input row: scaled x' = (x − mean) / std, categories one-hot.
 */
export function encodeInputRow(command: string, text: string, inputs: readonly InputSpec[]): number[] {
  const values = text.split(',').map((v) => v.trim());
  if (values.length !== inputs.length) {
    const names = inputs.map((s) => s.name).join(', ');
    throw new UsageError(`${command}: --input has ${plural(values.length, 'value')}; the model takes ${inputs.length} (${names})`);
  }
  const row: number[] = [];
  values.forEach((v, k) => {
    const spec = inputs[k];
    if (spec.categories) {
      const slot = spec.categories.indexOf(v);
      if (slot < 0) throw new UsageError(`${command}: --input value ${k + 1} (${spec.name}) is "${v}", not one of its categories: ${spec.categories.join(', ')}`);
      for (let c = 0; c < spec.categories.length; c++) row.push(c === slot ? 1 : 0);
      return;
    }
    const x = Number(v);
    if (!DECIMAL.test(v) || !Number.isFinite(x)) throw new UsageError(`${command}: --input value ${k + 1} (${spec.name}) is "${v}", not a number`);
    row.push(spec.scale ? (x - spec.scale.mean) / spec.scale.std : x);
  });
  return row;
}

/** Shortest round-trip text of a number (JSON has no NaN/Infinity: those become null, reported separately). */
const num = (v: number) => (Number.isFinite(v) ? String(v) : 'null');
const list = (vs: readonly number[]) => `[${vs.map(num).join(', ')}]`;

/** The --json document: {"layers": [{"z": [...], "a": [...]}], "output": [...]}. */
export function traceJson(trace: ForwardTrace): string {
  const layers = trace.layers.map((l) => `{"z": ${list(l.z)}, "a": ${list(l.a)}}`).join(', ');
  return `{"layers": [${layers}], "output": ${list(trace.output)}}\n`;
}

function traceText(model: ModelFile, raw: string, trace: ForwardTrace): string {
  const out: string[] = [];
  out.push(`input: ${raw.split(',').map((v) => v.trim()).join(', ')}`);
  if (model.inputs.some((s) => s.scale || s.categories)) {
    out.push(`network input (scaled / one-hot as the model says): ${trace.input.map(String).join(', ')}`);
  }
  trace.layers.forEach((l, k) => {
    const spec = model.layers[k];
    const name = k === 0 ? 'dense' : `dense_${k}`;
    out.push(`layer ${k} (${name}: ${plural(spec.units, `${spec.activation} unit`)})`);
    out.push(`  z: ${l.z.map(String).join(', ')}`);
    out.push(`  a: ${l.a.map(String).join(', ')}`);
  });
  out.push(`output (${model.output.name}): ${trace.output.map(String).join(', ')}`);
  const { output } = model;
  if (output.task === 'regression' && output.scale) {
    out.push(`prediction in ${output.name}'s units (y = y'·${output.scale.std} + ${output.scale.mean}): ${trace.output[0] * output.scale.std + output.scale.mean}`);
  } else if (output.classes) {
    const probs = output.task === 'binary' && trace.output.length === 1 ? [1 - trace.output[0], trace.output[0]] : trace.output;
    let best = 0;
    probs.forEach((p, k) => {
      if (p > probs[best]) best = k;
    });
    out.push(`class probabilities: ${output.classes.map((c, k) => `${c} ${probs[k]}`).join(', ')}; predicted ${output.classes[best]}`);
  }
  return out.join('\n') + '\n';
}

/** `--input -1,2` would be read as an unknown flag `-1,2`: join such a value to its flag as `--input=-1,2`. */
function joinNegativeInput(argv: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--input' && k + 1 < argv.length && /^-[\d.]/.test(argv[k + 1])) {
      out.push(`--input=${argv[k + 1]}`);
      k++;
    } else out.push(argv[k]);
  }
  return out;
}

export const forwardCommand: CliCommand = {
  name: 'forward',
  usage: 'forward --model MODEL (--input 2,3 | --data CSV --row K [--header yes|no]) [--json]',
  summary: "run one row through a model, printing every layer's z and a and the output",
  async run(argv, io) {
    const { values } = parseFlags('forward', joinNegativeInput(argv), {
      model: { type: 'string' },
      input: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      row: { type: 'string' },
      ...HEADER_FLAG,
    });
    const path = requireFlag('forward', values.model, 'model');
    if (values.data !== undefined || values.row !== undefined) {
      if (values.input !== undefined) throw new UsageError('forward: give either --input or --data with --row, not both');
      const model = await readModelFromDisk('forward', path);
      return forwardDataRow(model, { data: requireFlag('forward', values.data, 'data'), row: requireFlag('forward', values.row, 'row'), header: values.header, json: values.json === true }, io);
    }
    const raw = requireFlag('forward', values.input, 'input');
    const model = await readModelFromDisk('forward', path);
    const row = encodeInputRow('forward', raw, model.inputs);
    const trace = forwardTrace(modelToNetwork(model), row);
    io.stdout.write(values.json ? traceJson(trace) : traceText(model, raw, trace));
    const overflow = trace.layers.findIndex((l) => l.z.some((v) => !Number.isFinite(v)) || l.a.some((v) => !Number.isFinite(v)));
    if (overflow >= 0) {
      io.stderr.write(`dense-lab forward: layer ${overflow} overflowed the float64 range (a value is infinite or NaN); the output is not meaningful\n`);
      return 1;
    }
    return 0;
  },
};
