import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictCommand } from '../../../src-main/cli/predict';
import { groupThousands } from '../../../src-shared/nn/summary';
import type { CliIo } from '../../../src-main/cli/command';
import { modelFile } from '../workers/reference';

const repoRoot = resolve(import.meta.dirname, '../../..');
const builtCli = join(repoRoot, 'out/main/cli.js');

let dir: string;
let modelPath: string;
let dataPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dense-lab-predict-cli-'));
  modelPath = join(dir, 'e3.dlmodel.json');
  dataPath = join(dir, 'rows.csv');
  // The course's E3: ReLU hidden [2,4]/[4,−5] and ReLU output [2,7].
  const model = modelFile([{ name: 'a' }, { name: 'b' }], { name: 'y', task: 'regression' }, [
    { units: 2, activation: 'relu', kernel: [[2, 4], [4, -5]], bias: [0, 0] },
    { units: 1, activation: 'relu', kernel: [[2], [7]], bias: [0] },
  ]);
  writeFileSync(modelPath, JSON.stringify(model));
  writeFileSync(dataPath, 'a,b\n3,5\n1,-1\n0,0\n8,4\n,2\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An io pair that records what is written; `tty` makes stderr claim to be a terminal. */
function memoryIo(tty: boolean): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) > 0, isTTY: false } as unknown as CliIo['stdout'],
    stderr: { write: (s: string) => err.push(s) > 0, isTTY: tty } as unknown as CliIo['stderr'],
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** The built CLI (`npm run build` first), as a user runs it. */
function runBuilt(args: string[]) {
  if (!existsSync(builtCli)) throw new Error(`${builtCli} is missing: run \`npm run build\` before these tests`);
  return spawnSync(process.execPath, [builtCli, 'predict', ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('dense-lab predict (in process)', () => {
  it('writes the predictions, prints one summary line, and draws no progress bar when stderr is not a terminal', async () => {
    const io = memoryIo(false);
    const out = join(dir, 'out.csv');
    const code = await predictCommand.run(['--model', modelPath, '--data', dataPath, '--out', out, '--workers', '2'], io);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('a,b,prediction\n3,5,52\n1,-1,63\n0,0,0\n8,4,148\n,2,\n');
    expect(io.err()).toBe('');
    const summary = io.out();
    expect(summary.split('\n').filter(Boolean)).toHaveLength(1);
    expect(summary).toMatch(/^predict: 5 rows in \d+\.\d\d s \([\d,]+ rows\/s;/);
    expect(summary).toContain('1 row with an empty prediction (a empty in 1)');
    expect(summary).toContain(out);
  });

  it('--stream writes the same file and says it streamed', async () => {
    const io = memoryIo(false);
    const out = join(dir, 'out-stream.csv');
    const code = await predictCommand.run(['--model', modelPath, '--data', dataPath, '--out', out, '--stream'], io);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('a,b,prediction\n3,5,52\n1,-1,63\n0,0,0\n8,4,148\n,2,\n');
    expect(io.out()).toMatch(/^predict: 5 rows in .*1 row with an empty prediction \(a empty in 1\); streamed → /);
  });

  it('lists the loader\'s warnings under the summary, the same with --stream', async () => {
    const warned = join(dir, 'warned.csv');
    writeFileSync(warned, '# from the logger\na,b\n3,5\n#DIV/0!,-1\n0,0\n8,4\n7,1\n');
    const outputs: string[] = [];
    for (const stream of [false, true]) {
      const io = memoryIo(false);
      const code = await predictCommand.run(['--model', modelPath, '--data', warned, '--out', join(dir, `warned-${stream}.csv`), ...(stream ? ['--stream'] : [])], io);
      expect(code).toBe(0);
      outputs.push(io.out().split('\n').slice(1).join('\n'));
    }
    expect(outputs[0]).toBe(
      'warnings (2):\n  line 1: a comment above the table, skipped: "# from the logger"\n  line 4, column "a": 1 spreadsheet error value (#DIV/0!) read as missing, on line 4\n',
    );
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('draws a progress bar on stderr when it is a terminal', async () => {
    const io = memoryIo(true);
    const code = await predictCommand.run(['--model', modelPath, '--data', dataPath, '--out', join(dir, 'tty.csv'), '--workers', '1'], io);
    expect(code).toBe(0);
    expect(io.err()).toContain('\rpredicting');
    expect(io.err()).toContain('100%');
  });
});

describe('dense-lab predict (the built CLI)', () => {
  it('runs the whole path and exits 0', () => {
    const out = join(dir, 'built.csv');
    const r = runBuilt(['--model', modelPath, '--data', dataPath, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^predict: 5 rows in /);
    expect(readFileSync(out, 'utf8')).toBe('a,b,prediction\n3,5,52\n1,-1,63\n0,0,0\n8,4,148\n,2,\n');
  });

  const bad: [string, string[], RegExp][] = [
    ['a missing flag', ['--model', 'm.json', '--data', 'd.csv'], /missing --out/],
    ['a bad --workers', ['--workers', 'two', '--model', 'm', '--data', 'd', '--out', 'o'], /--workers must be a whole number/],
    ['an unknown flag', ['--modle', 'x'], /Unknown option '--modle'/],
  ];
  for (const [what, args, message] of bad) {
    it(`exits 2 with one line for ${what}`, () => {
      const r = runBuilt(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('exits 2 with one line naming a column the dataset lacks', () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'a,c\n1,2\n');
    const r = runBuilt(['--model', modelPath, '--data', other, '--out', join(dir, 'never.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'b'");
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('exits 2 with one line for an output folder that does not exist, and for the input file as output', () => {
    for (const out of [join(dir, 'missing-folder', 'o.csv'), dataPath]) {
      const r = runBuilt(['--model', modelPath, '--data', dataPath, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(dataPath, 'utf8')).toBe('a,b\n3,5\n1,-1\n0,0\n8,4\n,2\n');
  });
});

describe('the summary line’s rows/s', () => {
  it('groups thousands exactly as toLocaleString(\'en-US\') writes whole numbers', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 939_413, 12_345_678_901]) {
      expect(groupThousands(n), String(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
