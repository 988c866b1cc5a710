/**
 * `dense-lab predict --model MODEL --data CSV --out OUT.csv [--workers N] [--keep-formulas] [--stream] [--arithmetic float32|float64] [--header yes|no]`: apply a
 * model file to every row of a CSV on worker threads and write the CSV with the prediction columns appended. --stream reads,
 * predicts and writes a batch at a time in bounded memory (the default for files of 512 MiB or more); same bytes out.
 * A progress bar goes to stderr only when stderr is a terminal; one summary line at the end, then the loader's warnings.
 * Exit codes: 0 done, 2 bad input (one line on stderr), 1 a failure of ours (a worker crashed), 130 Ctrl-C.
 */
import { availableParallelism } from 'node:os';
import { predictFileToCsv, type PredictFileSummary, type PredictPhase } from '../services/predict';
import { ForwardPool } from '../workers/pool';
import { parseFlags, requireFlag, UsageError, type CliCommand, type CliIo } from './command';
import { HEADER_FLAG, HEADER_USAGE, headerOption, parseHeaderFlag } from './header-flag';
import { warningLines } from './inspect';
import { escapeControlLines } from '../../src-shared/escape-control';
// "1,234,567" without the ~10 ms Intl spends setting up at the end of every run (the Keras summary's grouping)
import { groupThousands } from '../../src-shared/nn/summary';

const NAME = 'predict';
const PHASE_WORDS: Record<PredictPhase, string> = { loading: 'loading', predicting: 'predicting', writing: 'writing' };

/** Parse --workers: a whole number from 1 to 256. */
function parseWorkers(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`${NAME}: --workers must be a whole number from 1 to 256, got '${value}'`);
  return n;
}

/** Parse --arithmetic: float32 (the fast mode) or float64 (exact); undefined: the model file's. */
function parseArithmetic(value: string | undefined): 'float32' | 'float64' | undefined {
  if (value === undefined || value === 'float32' || value === 'float64') return value;
  throw new UsageError(`${NAME}: --arithmetic must be float32 or float64, got '${value}'`);
}

/** A one-line progress bar redrawn in place: `predicting [#########           ]  45%`. */
function progressBar(io: CliIo): ((phase: PredictPhase, done: number, total: number) => void) & { clear(): void } {
  let last = '';
  const draw = (phase: PredictPhase, done: number, total: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${PHASE_WORDS[phase].padEnd(10)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
    if (line === last) return;
    last = line;
    io.stderr.write(`\r${line}`);
  };
  return Object.assign(draw, {
    clear: () => {
      if (last) io.stderr.write(`\r${' '.repeat(last.length)}\r`);
    },
  });
}

/** `predicted 1000000 rows in 2.95 s (339,000 rows/s) with 2 workers; 0 rows with an empty prediction → out.csv` */
export function summaryLine(s: PredictFileSummary): string {
  const rate = s.seconds.total > 0 ? Math.round(s.rows / s.seconds.total) : s.rows;
  let line = `${NAME}: ${s.rows} rows in ${s.seconds.total.toFixed(2)} s (${groupThousands(rate)} rows/s; load ${s.seconds.load.toFixed(2)} s, forward ${s.seconds.predict.toFixed(2)} s, write ${s.seconds.write.toFixed(2)} s; ${s.workers} worker${s.workers === 1 ? '' : 's'}, ${s.kernel}${s.precision === 'float32' ? ', float32' : ''}); ${s.emptyRows} row${s.emptyRows === 1 ? '' : 's'} with an empty prediction`;
  if (s.emptyRows > 0) {
    const why = s.emptyBy.map((e) => [e.missing > 0 ? `${e.input} empty in ${e.missing}` : '', e.unknownCategory > 0 ? `${e.input} an unknown category in ${e.unknownCategory}` : ''].filter(Boolean).join(', '));
    line += ` (${why.join('; ')})`;
  }
  return `${line}${s.streamed ? '; streamed' : ''} → ${s.outPath}\n`;
}

export const predictCommand: CliCommand = {
  name: NAME,
  usage: `predict --model MODEL --data CSV --out OUT.csv [--workers N] [--keep-formulas] [--stream] [--arithmetic float32|float64] ${HEADER_USAGE}`,
  summary: 'apply a model file to every row of a CSV (worker threads) and write it with prediction columns',
  async run(argv, io) {
    const { values } = parseFlags(NAME, argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      'keep-formulas': { type: 'boolean' },
      stream: { type: 'boolean' },
      arithmetic: { type: 'string' },
      ...HEADER_FLAG,
    });
    const modelPath = requireFlag(NAME, values.model, 'model');
    const dataPath = requireFlag(NAME, values.data, 'data');
    const outPath = requireFlag(NAME, values.out, 'out');
    const workers = parseWorkers(values.workers);
    const header = parseHeaderFlag(NAME, values.header);
    const arithmetic = parseArithmetic(values.arithmetic);
    const pool = new ForwardPool({ size: workers });
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    const bar = io.stderr.isTTY ? progressBar(io) : null;
    // Start the forward workers once the CSV's bytes are all read: their start-up (code, WebAssembly) then
    // runs while the loader finishes the matrix on this thread, instead of after it.
    let warming = false;
    const onProgress = (phase: PredictPhase, done: number, total: number) => {
      if (!warming && phase === 'loading' && done >= total) {
        warming = true;
        void pool.warmUp();
      }
      bar?.(phase, done, total);
    };
    try {
      const result = await predictFileToCsv({
        modelPath,
        dataPath,
        outPath,
        pool,
        keepFormulas: values['keep-formulas'] === true,
        ...(values.stream === true ? { stream: true } : {}),
        // nothing else runs on this thread: a stream may compute beside its workers
        computeHere: true,
        ...(arithmetic !== undefined ? { arithmetic } : {}),
        ...headerOption(header),
        signal: controller.signal,
        onProgress,
      });
      bar?.clear();
      if (!result.ok) {
        const e = result.error;
        if (e.kind === 'job/cancelled') {
          io.stderr.write(`${NAME}: cancelled; nothing was written\n`);
          return 130;
        }
        const internal = e.kind.startsWith('job/');
        io.stderr.write(`dense-lab ${NAME}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
        return internal ? 1 : 2;
      }
      io.stdout.write(summaryLine(result.value));
      // The loader's warnings about the file (the same with --stream), as `inspect` lists them.
      if (result.value.warnings.length > 0) io.stdout.write(escapeControlLines(`${warningLines(result.value.warnings).join('\n')}\n`));
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
      await pool.close();
    }
  },
};
