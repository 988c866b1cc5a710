/**
 * `dense-lab import-model FILE --out MODEL [--json]`: open a Keras (.h5, .keras), TensorFlow.js (model.json
 * + .bin shards beside it) or ONNX model and write it as a Dense Lab model file. Prints what was read (format,
 * producer, layers, what was folded); --json prints that report as one JSON object. A model that cannot be
 * opened exactly is refused with one line naming the layer or op (exit 2); nothing is written then.
 */
import { resolve } from 'node:path';
import type { ImportReport } from '../../src-shared/formats/format';
import { writeModelFile } from '../../src-shared/model-file/write';
import { importModelFile } from '../services/model-formats/import-model-file';
import { writeWholeFileAtomically } from '../services/files/atomic-file';
import { parseFlags, requireFlag, UsageError, type CliCommand } from './command';
import { plural } from '../../src-shared/text/numbers';

function reportText(report: ImportReport, out: string, shape: string): string {
  const lines = [`read ${report.formatLabel} written by ${report.producer} (${report.precision} weights)`];
  lines.push(`layers in the file: ${report.layers.join(' → ')}`);
  for (const f of report.folded) lines.push(`  ${f}`);
  lines.push(`wrote ${out}: ${shape}`);
  return lines.join('\n') + '\n';
}

export const importModelCommand: CliCommand = {
  name: 'import-model',
  usage: 'import-model FILE --out MODEL [--json]',
  summary: 'open a Keras (.h5, .keras), TensorFlow.js (model.json) or ONNX model and save it as a Dense Lab model file',
  async run(argv, io) {
    const { values, positionals } = parseFlags('import-model', argv, { out: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError(`import-model: expected one model file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const source = positionals[0];
    const out = requireFlag('import-model', values.out, 'out');
    if (resolve(out) === resolve(source)) throw new UsageError(`import-model: --out ${out} is the input file; choose another name (the input is never overwritten)`);
    const imported = await importModelFile(source);
    if (!imported.ok) {
      const message = imported.error.message.startsWith(source) || imported.error.message.includes(source) ? imported.error.message : `${source}: ${imported.error.message}`;
      throw new UsageError(`import-model: ${message}`);
    }
    const { model, report } = imported.value;
    const written = await writeWholeFileAtomically(out, writeModelFile(model), [source]);
    if (!written.ok) throw new UsageError(`import-model: ${written.error.message}`);
    const shape = [plural(model.inputs.length, 'input'), ...model.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ') + ` (${model.output.task})`;
    io.stdout.write(values.json ? `${JSON.stringify({ out, ...report, task: model.output.task, inputs: model.inputs.map((s) => s.name) })}\n` : reportText(report, out, shape));
    return 0;
  },
};
