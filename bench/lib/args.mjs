// Command-line flags of bench/run.mjs.

export const USAGE = 'usage: node bench/run.mjs [--runs N] [--quick] [--json]';

/** --runs N (1–50; default 5, or 1 with --quick), --quick, --json; throws a one-line Error on anything else. */
export function parseArgs(argv) {
  const options = { runs: null, quick: false, json: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--quick') options.quick = true;
    else if (a === '--json') options.json = true;
    else if (a === '--runs') {
      const v = argv[++k];
      if (!/^\d+$/.test(v ?? '') || Number(v) < 1 || Number(v) > 50) throw new Error(`--runs must be a whole number from 1 to 50, got '${v ?? ''}'`);
      options.runs = Number(v);
    } else throw new Error(`unknown argument '${a}'`);
  }
  options.runs ??= options.quick ? 1 : 5;
  return options;
}
