/** `dense-lab summary MODEL`: the Keras-style summary of a model file. */
import { basename } from 'node:path';
import { inputWidth } from '../../src-shared/model-file/types';
import { formatSummary, summarize } from '../../src-shared/nn/summary';
import { escapeControl } from '../../src-shared/escape-control';
import { parseFlags, UsageError, type CliCommand } from './command';
import { readModelFromDisk } from './read-model';

export const summaryCommand: CliCommand = {
  name: 'summary',
  usage: 'summary MODEL',
  summary: 'print a Keras-style summary of a model file (layers, output shapes, parameter counts)',
  async run(argv, io) {
    const { positionals } = parseFlags('summary', argv, {}, true);
    if (positionals.length !== 1) throw new UsageError(`summary: expected one model file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const path = positionals[0];
    const model = await readModelFromDisk('summary', path);
    const width = model.inputs.reduce((t, s) => t + inputWidth(s), 0);
    const title = basename(path).replace(/\.dlmodel\.json$|\.json$/, '');
    io.stdout.write(formatSummary(summarize({ inputSize: width, layers: model.layers }), escapeControl(title)));
    // Names come from the file: shown escaped, so they cannot drive the terminal.
    const inputs = model.inputs.map((s) => escapeControl(s.categories ? `${s.name} (one-hot: ${s.categories.length})` : s.name));
    io.stdout.write(`Inputs: ${inputs.join(', ')} (${width} network input${width === 1 ? '' : 's'})\n`);
    const classes = model.output.classes ? `, classes ${escapeControl(model.output.classes.join(', '))}` : '';
    io.stdout.write(`Output: ${escapeControl(model.output.name)} (${model.output.task}${classes})\n`);
    io.stdout.write(`Activations: ${model.layers.map((l) => (l.alpha !== undefined ? `${l.activation}(${l.alpha})` : l.activation)).join(' → ')}\n`);
    return 0;
  },
};
