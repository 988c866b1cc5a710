/**
 * `dense-lab export-model MODEL --format onnx|keras|tfjs|python --out PATH`: write a Dense Lab model file in a
 * format other tools run — ONNX (opset 13, scaling as graph nodes), Keras v3 .keras, TensorFlow.js Layers
 * (PATH is the model.json; its .bin goes beside it), or a numpy-only python script. Float32 for all but python.
 */
import { resolve } from 'node:path';
import type { ExportFormatName } from '../../src-shared/formats';
import { networkColumns } from '../../src-shared/formats/export-metadata';
import { EXPORT_FORMAT_NAMES, exportModelFile } from '../services/model-formats/export-model-file';
import { parseFlags, requireFlag, UsageError, type CliCommand } from './command';
import { readModelFromDisk } from './read-model';

export const exportModelCommand: CliCommand = {
  name: 'export-model',
  usage: 'export-model MODEL --format onnx|keras|tfjs|python --out PATH',
  summary: 'write a model file as ONNX, Keras v3 (.keras), TensorFlow.js Layers or a numpy python script',
  async run(argv, io) {
    const { values, positionals } = parseFlags('export-model', argv, { format: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' } }, true);
    const path = positionals[0] ?? values.model;
    if (!path || positionals.length > 1) throw new UsageError(`export-model: expected one model file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const format = requireFlag('export-model', values.format, 'format');
    if (!EXPORT_FORMAT_NAMES.includes(format as ExportFormatName)) throw new UsageError(`export-model: --format must be one of ${EXPORT_FORMAT_NAMES.join(', ')}, got '${format}'`);
    const out = requireFlag('export-model', values.out, 'out');
    if (resolve(out) === resolve(path)) throw new UsageError(`export-model: --out ${out} is the model file; choose another name`);
    const model = await readModelFromDisk('export-model', path);
    const written = await exportModelFile(model, format as ExportFormatName, out, [path]);
    if (!written.ok) throw new UsageError(`export-model: ${written.error.message}`);
    io.stdout.write(`wrote ${written.value.files.join(', ')}\n`);
    if (format === 'onnx') io.stdout.write(`input columns of the tensor "input", in order: ${networkColumns(model).join(',')}\n`);
    return 0;
  },
};
