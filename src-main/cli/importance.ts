/**
 * `importance --model MODEL --data CSV --target T [--repeats 5] [--sample 10000] [--seed 1] [--baseline] --json`:
 * permutation importance, the drop in the task's score (R² or accuracy) when each input is shuffled
 * (src-shared/analysis/permutation-importance.ts), largest first.
 * JSON: {"metric", "score", "features": [{"name", "drop", "sd"}], "rows", "repeats", "seed"}.
 */
import { permutationImportance } from '../../src-shared/analysis/permutation-importance';
import { parseFlags, requireFlag, type CliCommand } from './command';
import { ANALYSIS_FLAGS, readAnalysisInput, unwrap, wholeFlag } from './analysis-input';
import { plural } from '../../src-shared/text/numbers';

const NAME = 'importance';

export const importanceCommand: CliCommand = {
  name: NAME,
  usage: 'importance --model MODEL --data CSV --target T [--repeats 5] [--sample 10000] [--seed 1] [--baseline] [--header yes|no] [--json]',
  summary: 'permutation importance: how much the score drops when each input column is shuffled',
  async run(argv, io) {
    const { values } = parseFlags(NAME, argv, { ...ANALYSIS_FLAGS, target: { type: 'string' }, repeats: { type: 'string' } });
    const target = requireFlag(NAME, values.target, 'target');
    const repeats = wholeFlag(NAME, 'repeats', values.repeats, 5, 1, 1000);
    const sample = wholeFlag(NAME, 'sample', values.sample, 10_000);
    const seed = wholeFlag(NAME, 'seed', values.seed, 1, -(2 ** 31), 2 ** 31);
    const input = await readAnalysisInput(NAME, values, io);
    const result = unwrap(NAME, permutationImportance(input.response, input.dataset, { target, repeats, sample, seed }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const width = Math.max(7, ...result.features.map((f) => f.name.length));
    const lines = [`${result.metric} ${result.score.toFixed(4)} on ${plural(result.rows, 'row')}; drop when shuffled (mean ± sd over ${result.repeats}, seed ${result.seed}):`];
    for (const f of result.features) lines.push(`  ${f.name.padEnd(width)}  ${f.drop.toFixed(4).padStart(8)} ± ${f.sd.toFixed(4)}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
