/**
 * `dependence --model MODEL --data CSV --feature X [--by G] [--groups 3] [--grid 20] [--sample N] [--seed S] [--ice N] [--class C] [--baseline] --json`:
 * partial dependence of the model's prediction on X, one line per group of G (src-shared/analysis/partial-dependence.ts).
 * JSON: {"feature", "by", "x": [], "lines": [{"group", "y": []}], "interaction", "rows", "usableRows", "seed", "response"}.
 */
import { partialDependence } from '../../src-shared/analysis/partial-dependence';
import { parseFlags, requireFlag, type CliCommand } from './command';
import { ANALYSIS_FLAGS, CLASS_FLAG, readAnalysisInput, unwrap, wholeFlag } from './analysis-input';
import { plural } from '../../src-shared/text/numbers';

const NAME = 'dependence';

export const dependenceCommand: CliCommand = {
  name: NAME,
  usage: 'dependence --model MODEL --data CSV --feature X [--by G] [--groups 3] [--grid 20] [--sample 1000] [--seed 1] [--ice 0] [--class C] [--baseline] [--header yes|no] [--json]',
  summary: 'partial dependence: the mean prediction as one feature sweeps its range, one line per group of another',
  async run(argv, io) {
    const { values } = parseFlags(NAME, argv, { ...ANALYSIS_FLAGS, ...CLASS_FLAG, feature: { type: 'string' }, by: { type: 'string' }, groups: { type: 'string' }, grid: { type: 'string' }, ice: { type: 'string' } });
    const feature = requireFlag(NAME, values.feature, 'feature');
    const options = {
      feature,
      ...(values.by !== undefined ? { by: values.by } : {}),
      groups: wholeFlag(NAME, 'groups', values.groups, 3, 2, 5),
      grid: wholeFlag(NAME, 'grid', values.grid, 20, 2, 1000),
      sample: wholeFlag(NAME, 'sample', values.sample, 1000),
      seed: wholeFlag(NAME, 'seed', values.seed, 1, -(2 ** 31), 2 ** 31),
      ice: wholeFlag(NAME, 'ice', values.ice, 0, 0, 1000),
    };
    const input = await readAnalysisInput(NAME, values, io);
    const pd = unwrap(NAME, partialDependence(input.response, input.dataset.columns, input.dataset, options));
    if (values.json) {
      const { rug: _rug, label, ice, ...rest } = pd;
      io.stdout.write(`${JSON.stringify({ ...rest, ...(options.ice > 0 ? { ice } : {}), response: label })}\n`);
      return 0;
    }
    const fmt = (v: number) => String(Number(v.toPrecision(5)));
    const lines = [`${pd.label} by ${pd.feature}${pd.by ? `, one line per group of ${pd.by}` : ''} (mean over ${pd.rows} of ${plural(pd.usableRows, 'row')}, seed ${pd.seed})`];
    const head = ['x'.padStart(12), ...pd.lines.map((l) => (l.group ?? 'PD').slice(0, 14).padStart(14))].join('');
    lines.push(head);
    pd.x.forEach((x, k) => lines.push([fmt(x).padStart(12), ...pd.lines.map((l) => fmt(l.y[k]).padStart(14))].join('')));
    if (pd.interaction !== null) lines.push(`non-parallel share ${fmt(pd.interaction)} (0: parallel lines, no interaction between ${pd.feature} and ${pd.by})`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
