// Text quoted from a file cannot drive a terminal or add lines: control characters become visible escapes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeControl, escapeControlLines } from '../../../src-shared/escape-control';
import { summaryCommand } from '../../../src-main/cli/summary';
import { inspectCommand } from '../../../src-main/cli/inspect';
import { runCommand } from '../cli/run-command';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ESC = '\u001b';
/** Any C0/C1 control but the line ends a report is made of. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('escapeControl', () => {
  it('writes ESC, CSI, newlines, tabs and line separators as escapes and leaves other text alone', () => {
    expect(escapeControl(`a${ESC}[31mred\u009b2J\nline2\r\tx\u2028é`)).toBe('a\\x1b[31mred\\x9b2J\\nline2\\r\\tx\\u2028é');
  });
  it('keeps the line ends of a report', () => expect(escapeControlLines(`a${ESC}\nb`)).toBe('a\\x1b\nb'));
});

/** A valid model file whose names hold escape sequences and line breaks. */
function hostileModel(): string {
  const path = join(dir, 'hostile.dlmodel.json');
  const model = {
    format: 'dense-lab/model',
    version: 1,
    inputs: [{ name: `x${ESC}[2J\nFAKE LINE` }],
    output: { name: `y\u009b31m`, task: 'regression' },
    layers: [{ units: 1, activation: 'linear', kernel: [[1]], bias: [0] }],
  };
  writeFileSync(path, JSON.stringify(model));
  return path;
}

describe('the command line quoting files', () => {
  it('summary shows a model’s names escaped', async () => {
    const { code, stdout } = await runCommand(summaryCommand, hostileModel());
    expect(code, stdout).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stdout).toContain('x\\x1b[2J\\nFAKE LINE');
    expect(stdout).not.toMatch(/^FAKE LINE/m);
  });

  it('an invalid model’s error is one line without raw control characters', async () => {
    const path = join(dir, 'bad.dlmodel.json');
    writeFileSync(path, JSON.stringify({ format: `${ESC}[31mevil\nline`, version: 1 }));
    const { code, stderr } = await runCommand(summaryCommand, path);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  it('a model file that is not JSON, with escapes in it, is reported in one clean line', async () => {
    const path = join(dir, 'notjson.dlmodel.json');
    writeFileSync(path, `${ESC}[2J${ESC}]0;title\u0007\nnot json`);
    const { code, stderr } = await runCommand(summaryCommand, path);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  it('inspect shows column names escaped', async () => {
    const path = join(dir, 'names.csv');
    writeFileSync(path, `"a${ESC}[31m",b\n1,2\n3,4\n`);
    const { code, stdout } = await runCommand(inspectCommand, '--data', path);
    expect(code, stdout).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stdout).toContain('a\\x1b[31m');
  });
});
