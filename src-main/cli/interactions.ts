/**
 * `interactions --model MODEL --data CSV [--sample 100] [--seed 1] [--class C] [--baseline] --json`: Friedman's H for every
 * pair of the model's inputs on a seeded row sample (src-shared/analysis/h-statistic.ts), largest first; for a classifier
 * H of the probability of the positive class (or --class C), as predict writes it, never of logits.
 * JSON: {"pairs": [{"a", "b", "h"}], "features", "rows", "usableRows", "seed", "response"}.
 */
import { pairInteractions } from '../../src-shared/analysis/h-statistic';
import { parseFlags, type CliCommand } from './command';
import { ANALYSIS_FLAGS, CLASS_FLAG, readAnalysisInput, unwrap, wholeFlag } from './analysis-input';
import { plural } from '../../src-shared/text/numbers';

const NAME = 'interactions';

export const interactionsCommand: CliCommand = {
  name: NAME,
  usage: 'interactions --model MODEL --data CSV [--sample 100] [--seed 1] [--class C] [--baseline] [--header yes|no] [--json]',
  summary: "Friedman's H-statistic for every pair of inputs: which features the model combines",
  async run(argv, io) {
    const { values } = parseFlags(NAME, argv, { ...ANALYSIS_FLAGS, ...CLASS_FLAG });
    const sample = wholeFlag(NAME, 'sample', values.sample, 100, 2, 5000);
    const seed = wholeFlag(NAME, 'seed', values.seed, 1, -(2 ** 31), 2 ** 31);
    const input = await readAnalysisInput(NAME, values, io);
    const result = unwrap(NAME, pairInteractions(input.response, input.dataset.columns, input.dataset, { sample, seed }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ...result, response: input.response.label })}\n`);
      return 0;
    }
    const width = Math.max(4, ...result.features.map((f) => f.length));
    const lines = [`H of ${input.response.label} for ${plural(result.pairs.length, 'pair')} (${result.rows} of ${plural(result.usableRows, 'row')}, seed ${result.seed}); 0 = no interaction`];
    for (const p of result.pairs) lines.push(`  ${p.a.padEnd(width)}  ${p.b.padEnd(width)}  ${p.h.toFixed(4)}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
