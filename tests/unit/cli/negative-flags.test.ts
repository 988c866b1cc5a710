// A negative number after a flag is that flag's value, refused with the valid range (not "argument is ambiguous").
import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from '../../../src-main/cli/command';
import { trainCommand } from '../../../src-main/cli/train';
import { runCommand } from './run-command';

const options = { epochs: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('negative flag values', () => {
  it('joins a negative number to the flag before it, and leaves everything else alone', () => {
    expect(joinNegativeValues(['--epochs', '-1', '--json'], options)).toEqual(['--epochs=-1', '--json']);
    expect(joinNegativeValues(['--epochs', '-0.5'], options)).toEqual(['--epochs=-0.5']);
    expect(joinNegativeValues(['--epochs', '-.5'], options)).toEqual(['--epochs=-.5']);
    // A boolean flag takes no value; a word starting with a dash is still an option.
    expect(joinNegativeValues(['--json', '-1'], options)).toEqual(['--json', '-1']);
    expect(joinNegativeValues(['--epochs', '--json'], options)).toEqual(['--epochs', '--json']);
    expect(joinNegativeValues(['--epochs=3'], options)).toEqual(['--epochs=3']);
  });

  for (const [flag, value, message] of [
    ['--epochs', '-1', "train: --epochs must be a whole number ≥ 1, got '-1'"],
    ['--batch', '-32', "train: --batch must be a whole number ≥ 1, got '-32'"],
    ['--lr', '-0.01', "train: --lr must be a number ≥ 0, got '-0.01'"],
  ] as const) {
    it(`train ${flag} ${value} is refused with the valid range`, async () => {
      const { code, stderr } = await runCommand(trainCommand, '--data', 'x.csv', '--target', 'y', flag, value, '--out', 'm.dlmodel.json');
      expect(code).toBe(2);
      expect(stderr).toBe(`dense-lab ${message}\n`);
    });
  }
});
