/**
 * `dense-lab import-weights FILE --out MODEL [--hidden-activation A] [--output-activation A]`: convert the
 * course's numpy notation (input_data = np.array([...]); weights = {'node_0': …, 'output': …}) to a model file.
 * The model file is written atomically (temporary file beside it, then rename), never over FILE itself.
 */
import { resolve } from 'node:path';
import { importCourseNotation } from '../../src-shared/course/notation';
import { writeModelFile } from '../../src-shared/model-file/write';
import { ACTIVATIONS, type ActivationName } from '../../src-shared/nn/model';
import { parseFlags, requireFlag, UsageError, type CliCommand } from './command';
import { writeWholeFileAtomically } from '../services/files/atomic-file';
import { whereAndWhat } from './read-model';
import { MAX_MODEL_BYTES, readWholeText } from '../services/files/read-whole-file';
import { plural } from '../../src-shared/text/numbers';

function activationFlag(value: string | boolean | undefined, flag: string): ActivationName | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ACTIVATIONS.includes(value as ActivationName)) {
    throw new UsageError(`import-weights: --${flag} must be one of ${ACTIVATIONS.join(', ')}, got '${String(value)}'`);
  }
  return value as ActivationName;
}

export const importWeightsCommand: CliCommand = {
  name: 'import-weights',
  usage: 'import-weights FILE --out MODEL [--hidden-activation relu] [--output-activation linear]',
  summary: "convert the course's notation (input_data = np.array([...]); weights = {...}) into a model file",
  async run(argv, io) {
    const { values, positionals } = parseFlags(
      'import-weights',
      argv,
      { out: { type: 'string' }, 'hidden-activation': { type: 'string' }, 'output-activation': { type: 'string' } },
      true,
    );
    if (positionals.length !== 1) {
      throw new UsageError(`import-weights: expected one file with the course's notation, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    }
    const source = positionals[0];
    const out = requireFlag('import-weights', values.out, 'out');
    if (resolve(out) === resolve(source)) throw new UsageError(`import-weights: --out ${out} is the input file; choose another name (the input is never overwritten)`);
    const hiddenActivation = activationFlag(values['hidden-activation'], 'hidden-activation');
    const outputActivation = activationFlag(values['output-activation'], 'output-activation');
    const text = await readWholeText(source, { maxBytes: MAX_MODEL_BYTES, what: "file of the course's notation" });
    if (!text.ok) throw new UsageError(`import-weights: ${text.error.message}`);
    const imported = importCourseNotation(text.value, {
      ...(hiddenActivation ? { hiddenActivation } : {}),
      ...(outputActivation ? { outputActivation } : {}),
    });
    if (!imported.ok) throw new UsageError(`import-weights: ${whereAndWhat(source, imported.error)}`);
    const { model, input, skipped } = imported.value;
    const written = await writeWholeFileAtomically(out, writeModelFile(model), [source]);
    if (!written.ok) throw new UsageError(`import-weights: ${written.error.message}`);
    const shape = [plural(model.inputs.length, 'input'), ...model.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ');
    io.stdout.write(`wrote ${out}: ${shape}\n`);
    io.stdout.write(input ? `input row: ${input.join(', ')}\n` : 'input row: none (the file has no input_data)\n');
    if (input) io.stdout.write(`try: dense-lab forward --model ${out} --input ${input.join(',')}\n`);
    if (skipped.length > 0) io.stdout.write(`skipped ${skipped.length} other statement${skipped.length === 1 ? '' : 's'}: ${skipped.join(' | ')}\n`);
    return 0;
  },
};
