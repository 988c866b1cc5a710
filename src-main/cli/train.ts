/**
 * `dense-lab train --data CSV --target COLUMN [...] --out MODEL.dlmodel.json [--json]`: train a network on a CSV
 * in a worker thread and save the model file. One line per epoch (stdout; stderr with --json, where stdout
 * gets exactly one JSON object: plan, history, final metrics of the network and the baseline).
 * Exit codes: 0 trained and saved, 2 bad arguments or unusable data (one line saying what to change),
 * 1 a failure of ours (the worker crashed).
 */
import { resolve as resolvePath } from 'node:path';
import { loadDataset, type LoadedDataset } from '../services/datasets';
import { saveModelText, startTraining } from '../services/training';
import { DEFAULT_TRAINING_SETTINGS, type LayerSetting, type TrainingSettings, type ValidationSetting } from '../../src-shared/jobs/train-settings';
import type { EvaluationMetrics, TrainingOutcome, TrainingPlan } from '../../src-shared/jobs/train';
import type { EpochMetrics } from '../../src-shared/nn/train';
import { ACTIVATIONS, type ActivationName } from '../../src-shared/nn/model';
import { OPTIMIZERS, type OptimizerName } from '../../src-shared/nn/optimizers';
import type { Task } from '../../src-shared/model-file/types';
import { REGRESSION_LOSSES, type RegressionLoss } from '../../src-shared/nn/losses';
import type { CrossValidation, MetricValues } from '../../src-shared/jobs/cross-validation';
import { parseFlags, requireFlag, UsageError, type CliCommand, type CliIo } from './command';
import { HEADER_FLAG, headerOption, parseHeaderFlag } from './header-flag';
import { sameColumns, writeTrainingPredictions } from './train-predictions';
import { plural } from '../../src-shared/text/numbers';

const NAME = 'train';

const usage = (message: string): never => {
  throw new UsageError(`${NAME}: ${message}`);
};

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) usage(`--${flag} must be a whole number ≥ ${min}, got '${value}'`);
  return Number(value);
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) usage(`--${flag} must be a number ≥ 0, got '${value}'`);
  return n;
}

/**
 * "100:relu,dropout:0.2,50:tanh" → layers (a dropout entry applies to the layer before it, as Keras's Dropout
 * layer after a Dense one); "none" or "" → no hidden layer (a linear/logistic model).
 */
export function parseLayers(text: string): LayerSetting[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  const layers: LayerSetting[] = [];
  text.split(',').forEach((part, k) => {
    const [head, rateText] = part.trim().split(':');
    if (head !== 'dropout') {
      layers.push(parseDense(part, k));
      return;
    }
    const rate = Number(rateText);
    if (rateText === undefined || rateText.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate >= 1) usage(`--layers: '${part}' needs a rate from 0 to below 1, like dropout:0.2`);
    const before = layers[layers.length - 1];
    if (!before || before.dropout !== undefined) usage(`--layers: '${part}' (entry ${k + 1}) must follow a dense layer, like 64:relu,dropout:0.2`);
    layers[layers.length - 1] = { ...before, dropout: rate };
  });
  return layers;
}

function parseDense(part: string, k: number): LayerSetting {
  {
    const [unitsText, activationText = 'relu', alphaText] = part.trim().split(':');
    const units = Number(unitsText);
    if (!/^\d+$/.test(unitsText ?? '') || units < 1) usage(`--layers: layer ${k + 1} ('${part}') needs a whole number of units, like 100:relu`);
    if (!(ACTIVATIONS as readonly string[]).includes(activationText) || activationText === 'softmax') {
      usage(`--layers: layer ${k + 1} has unknown activation '${activationText}' (use ${ACTIVATIONS.filter((a) => a !== 'softmax').join(', ')})`);
    }
    const layer: LayerSetting = { units, activation: activationText as ActivationName };
    if (alphaText !== undefined) {
      const alpha = Number(alphaText);
      if (!Number.isFinite(alpha)) usage(`--layers: layer ${k + 1} alpha '${alphaText}' is not a number`);
      return { ...layer, alpha };
    }
    return layer;
  }
}

const fixed = (v: number | undefined, digits = 4) => (v === undefined ? '' : v.toFixed(digits));

/** `epoch 3/50  loss 0.2311  accuracy 0.9312  val_loss 0.2514  val_accuracy 0.9250` */
export function epochLine(m: EpochMetrics, epochs: number): string {
  const parts = [`epoch ${m.epoch}/${epochs}`, `loss ${fixed(m.loss)}`];
  if (m.mae !== undefined) parts.push(`mae ${fixed(m.mae)}`, `r2 ${fixed(m.r2)}`);
  if (m.accuracy !== undefined) parts.push(`accuracy ${fixed(m.accuracy)}`);
  if (m.valLoss !== undefined) parts.push(`val_loss ${fixed(m.valLoss)}`);
  if (m.valMae !== undefined) parts.push(`val_mae ${fixed(m.valMae)}`, `val_r2 ${fixed(m.valR2)}`);
  if (m.valAccuracy !== undefined) parts.push(`val_accuracy ${fixed(m.valAccuracy)}`);
  return parts.join('  ');
}

function metricWords(m: EvaluationMetrics): string {
  if (m.r2 !== undefined) return `R² ${fixed(m.r2)}, MAE ${fixed(m.mae)}, MSE ${fixed(m.mse)}`;
  return `accuracy ${fixed(m.accuracy)}${m.auc !== undefined && Number.isFinite(m.auc) ? `, AUC ${fixed(m.auc)}` : ''}`;
}

function planLine(p: TrainingPlan): string {
  const task = p.task === 'regression' ? 'regression' : `${p.task} classification (${p.classes?.length} classes)`;
  return `${NAME}: task ${task} — ${p.taskReason}; ${plural(p.inputs.length, 'input column')} → ${plural(p.networkInputs, 'network input')}, ${plural(p.parameters, 'parameter')}; ${plural(p.trainRows, 'training row')}, ${plural(p.validationRows, 'validation row')}${p.testRows ? `, ${plural(p.testRows, 'test row')}` : ''}${p.kernels ? `; kernels: ${p.kernels}` : ''}`;
}

/** `header`: --header's answer, for every CSV the command reads (undefined: the loader decides per file). */
async function load(path: string, flag: string, header: boolean | undefined): Promise<LoadedDataset> {
  const result = await loadDataset(path, headerOption(header));
  if (!result.ok) {
    const where = result.error.line !== undefined ? ` (line ${result.error.line})` : '';
    return usage(`--${flag} ${path}: ${result.error.message}${where}`);
  }
  return result.value;
}

export const trainCommand: CliCommand = {
  name: NAME,
  usage:
    'train --data CSV --target COLUMN [--inputs a,b,c] [--task regression|binary|multiclass] [--layers 100:relu,100:relu] [--epochs 50] [--batch 32] [--optimizer adam|sgd|rmsprop] [--lr RATE] [--momentum M] [--weight-decay L2] [--loss mse|mae|huber] [--cv K] [--seed 1] [--validation 0.2 | --validation-split 0.2 | --validation-file CSV | --validation 0] [--early-stopping 5|off] [--missing drop|impute-mean] [--test CSV] [--header yes|no] [--no-baseline] --out MODEL.dlmodel.json [--predictions OUT.csv] [--json]',
  summary: 'train a network on a CSV (in a worker thread) and save it as a model file; one line per epoch',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(NAME, argv, {
      data: { type: 'string' },
      target: { type: 'string' },
      inputs: { type: 'string' },
      task: { type: 'string' },
      layers: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      momentum: { type: 'string' },
      'weight-decay': { type: 'string' },
      loss: { type: 'string' },
      cv: { type: 'string' },
      seed: { type: 'string' },
      validation: { type: 'string' },
      'validation-split': { type: 'string' },
      'validation-file': { type: 'string' },
      'early-stopping': { type: 'string' },
      test: { type: 'string' },
      missing: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      out: { type: 'string' },
      predictions: { type: 'string' },
      json: { type: 'boolean' },
      ...HEADER_FLAG,
    });
    const dataPath = requireFlag(NAME, values.data, 'data');
    const target = requireFlag(NAME, values.target, 'target');
    const out = requireFlag(NAME, values.out, 'out');
    const task = values.task;
    if (task !== undefined && !['regression', 'binary', 'multiclass'].includes(task)) usage(`--task must be regression, binary or multiclass, got '${task}'`);
    const optimizer = values.optimizer;
    if (optimizer !== undefined && !(OPTIMIZERS as readonly string[]).includes(optimizer)) usage(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got '${optimizer}'`);
    const splits = [values.validation, values['validation-split'], values['validation-file']].filter((v) => v !== undefined);
    if (splits.length > 1) usage('give only one of --validation, --validation-split and --validation-file');
    let validation: ValidationSetting | undefined;
    const fractionOf = (flag: string, text: string) => {
      const f = Number(text);
      if (!Number.isFinite(f) || f < 0 || f >= 1) usage(`--${flag} must be a fraction from 0 to below 1 (e.g. 0.2), got '${text}'`);
      return f;
    };
    if (values.validation !== undefined) {
      const f = fractionOf('validation', values.validation);
      validation = f === 0 ? { kind: 'none' } : { kind: 'random', fraction: f };
    } else if (values['validation-split'] !== undefined) {
      const f = fractionOf('validation-split', values['validation-split']);
      validation = f === 0 ? { kind: 'none' } : { kind: 'last', fraction: f };
    } else if (values['validation-file'] !== undefined) {
      validation = { kind: 'file' };
    }
    let earlyStopping: TrainingSettings['earlyStopping'] | undefined;
    const es = values['early-stopping'];
    if (es !== undefined) {
      earlyStopping = es === 'off' || es === 'none' ? null : { patience: wholeNumber('early-stopping', es, 0) as number, minDelta: 0, restoreBestWeights: true };
    }
    const header = parseHeaderFlag(NAME, values.header);
    const missing = values.missing;
    if (missing !== undefined && missing !== 'drop' && missing !== 'impute-mean') usage(`--missing must be drop or impute-mean, got '${missing}'`);
    const seedText = values.seed;
    if (seedText !== undefined && !/^-?\d+$/.test(seedText)) usage(`--seed must be a whole number, got '${seedText}'`);
    const loss = values.loss;
    if (loss !== undefined && !(REGRESSION_LOSSES as readonly string[]).includes(loss)) usage(`--loss must be one of ${REGRESSION_LOSSES.join(', ')} (classification always uses cross-entropy), got '${loss}'`);
    if (loss !== undefined && task !== undefined && task !== 'regression') usage(`--loss ${loss} is for regression; a ${task} task trains on cross-entropy`);
    const cv = wholeNumber('cv', values.cv, 2);
    if (cv !== undefined && values['validation-file'] !== undefined) usage('--cv makes its own validation folds; leave out --validation-file');
    const lr = positiveNumber('lr', values.lr);
    if (lr === 0) usage('--lr must be greater than 0');
    const settings: Partial<TrainingSettings> & { target: string } = {
      target,
      ...(values.inputs !== undefined ? { inputs: values.inputs.split(',').map((s) => s.trim()).filter((s) => s !== '') } : {}),
      ...(task ? { task: task as Task } : {}),
      ...(values.layers !== undefined ? { hidden: parseLayers(values.layers) } : {}),
      ...(values.epochs !== undefined ? { epochs: wholeNumber('epochs', values.epochs, 1) } : {}),
      ...(values.batch !== undefined ? { batchSize: wholeNumber('batch', values.batch, 1) } : {}),
      ...(optimizer ? { optimizer: optimizer as OptimizerName } : {}),
      ...(lr !== undefined ? { learningRate: lr } : {}),
      ...(values.momentum !== undefined ? { momentum: positiveNumber('momentum', values.momentum) } : {}),
      ...(values['weight-decay'] !== undefined ? { weightDecay: positiveNumber('weight-decay', values['weight-decay']) } : {}),
      ...(seedText !== undefined ? { seed: Number(seedText) } : {}),
      ...(validation ? { validation } : {}),
      ...(earlyStopping !== undefined ? { earlyStopping } : {}),
      ...(missing ? { missing: missing as 'drop' | 'impute-mean' } : {}),
      ...(values['no-baseline'] ? { baseline: false } : {}),
      ...(loss !== undefined ? { loss: loss as RegressionLoss } : {}),
      ...(cv !== undefined ? { cv } : {}),
      reportEveryBatches: 0,
    };
    const inputsGiven = [dataPath, values['validation-file'], values.test].filter((p): p is string => p !== undefined);
    if (inputsGiven.some((p) => resolvePath(p) === resolvePath(out))) usage(`Refusing to write the model over the input file ${out}; choose another --out`);
    const predictionsOut = values.predictions;
    if (predictionsOut !== undefined && [...inputsGiven, out].some((p) => resolvePath(p) === resolvePath(predictionsOut))) {
      usage(`--predictions: refusing to write the predictions over ${predictionsOut}, an input or the model; choose another file`);
    }
    const data = await load(dataPath, 'data', header);
    const validationData = values['validation-file'] !== undefined ? await load(values['validation-file'], 'validation-file', header) : undefined;
    const testData = values.test !== undefined ? await load(values.test, 'test', header) : undefined;
    const unjoinable = predictionsOut !== undefined && testData ? sameColumns(data, testData) : null;
    if (unjoinable) usage(`--predictions with --test: ${unjoinable}`);
    const progress = values.json ? io.stderr : io.stdout;
    const epochs = settings.epochs ?? DEFAULT_TRAINING_SETTINGS.epochs;
    const started = performance.now();
    const handle = startTraining(
      data,
      settings,
      {
        onPlan: (plan) => {
          io.stderr.write(`${planLine(plan)}\n`);
          for (const note of plan.notes) io.stderr.write(`${NAME}: note: ${note}\n`);
        },
        onEpoch: (m) => progress.write(`${epochLine(m, epochs)}\n`),
        onFold: (f, folds) => io.stderr.write(`${NAME}: cross-validation fold ${f.fold}/${folds}: network ${metricWords(f.network)}${f.baseline ? ` | baseline ${metricWords(f.baseline)}` : ''} [${f.validationRows} rows, ${f.epochs} epochs]\n`),
      },
      { validation: validationData, test: testData },
    );
    const onSigint = () => handle.stop();
    process.once('SIGINT', onSigint);
    const result = await handle.promise;
    process.removeListener('SIGINT', onSigint);
    if (!result.ok) {
      const e = result.error;
      if (e.kind === 'train/worker-crashed' || e.kind === 'train/worker-start') {
        io.stderr.write(`dense-lab ${NAME}: ${e.message}\n`);
        return 1;
      }
      return usage(e.message + (e.path ? ` (${e.path})` : ''));
    }
    const o = result.value;
    const saved = await saveModelText(out, o.modelText, [dataPath, values['validation-file'] ?? '', values.test ?? ''].filter(Boolean));
    if (!saved.ok) return usage(saved.error.message);
    if (values.predictions !== undefined) {
      const written = await writeTrainingPredictions(data, o.model, settings, values.predictions, [dataPath, saved.value], testData);
      if (!written.ok) return usage(`--predictions: ${written.error.message}`);
      const testPart = written.value.testRows > 0 ? ` (${written.value.testRows} of them from the test file)` : '';
      io.stderr.write(`${NAME}: wrote predictions with a split column for ${plural(written.value.rows, 'row')}${testPart} → ${written.value.path}\n`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      io.stdout.write(`${JSON.stringify(jsonReport(o, saved.value, seconds))}\n`);
    } else {
      io.stdout.write(finalLines(o, saved.value, seconds));
    }
    return 0;
  },
};

function finalLines(o: TrainingOutcome, path: string, seconds: number): string {
  const lines = [
    `${NAME}: ${plural(o.history.length, 'epoch')} in ${seconds.toFixed(1)} s (${o.stopReason}); kept the weights of epoch ${o.epochOfWeights} (best ${o.bestEpoch})`,
  ];
  for (const [name, m] of Object.entries({ training: o.network.train, validation: o.network.validation, test: o.network.test })) {
    if (!m) continue;
    const base = o.baseline?.[name === 'training' ? 'train' : (name as 'validation' | 'test')];
    lines.push(`  ${name.padEnd(10)} network ${metricWords(m)}${base ? `   | baseline (${o.plan.task === 'regression' ? 'least squares' : 'logistic'}) ${metricWords(base)}` : ''}  [${plural(m.rows, 'row')}]`);
  }
  if (o.cv) lines.push(...cvLines(o.cv));
  lines.push(`${NAME}: saved ${path}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(o: TrainingOutcome, path: string, seconds: number) {
  const clean = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x))) as unknown;
  return clean({
    model: path,
    seconds,
    plan: o.plan,
    stopReason: o.stopReason,
    epochOfWeights: o.epochOfWeights,
    bestEpoch: o.bestEpoch,
    history: o.history,
    final: o.network,
    baseline: o.baseline ?? null,
    ...(o.cv ? { cv: o.cv } : {}),
  });
}

/** `  cross-validation (5 folds)  network R² 0.4512 ± 0.0631 …` lines: mean ± sd of each metric every fold has. */
function cvLines(cv: CrossValidation): string[] {
  const spread = (mean: MetricValues, sd: MetricValues) =>
    (Object.keys(mean) as (keyof MetricValues)[])
      .filter((k) => k !== 'loss')
      .map((k) => `${k === 'r2' ? 'R²' : k === 'auc' ? 'AUC' : k === 'accuracy' ? 'accuracy' : k.toUpperCase()} ${fixed(mean[k])} ± ${fixed(sd[k])}`)
      .join(', ');
  const lines = [`  cross-validation (${cv.folds.length} folds)  network ${spread(cv.mean.network, cv.sd.network)}`];
  if (cv.mean.baseline && cv.sd.baseline) lines.push(`  ${''.padEnd(27)}baseline ${spread(cv.mean.baseline, cv.sd.baseline)}`);
  return lines;
}
