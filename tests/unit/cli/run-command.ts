/** Runs a CLI command in-process with captured output, as src-main/cli.ts does: a UsageError is one line on stderr and exit code 2. */
import { Writable } from 'node:stream';
import { UsageError, type CliCommand } from '../../../src-main/cli/command';
import { escapeControl } from '../../../src-shared/escape-control';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export async function runCommand(command: CliCommand, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const errs = sink();
  let code: number;
  try {
    code = await command.run(argv, { stdout: out.stream, stderr: errs.stream });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    errs.stream.write(`dense-lab ${escapeControl(e.message)}\n`);
    code = 2;
  }
  return { code, stdout: out.text(), stderr: errs.text() };
}
