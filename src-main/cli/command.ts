/** What every CLI command is: a name, a one-line usage, and a run function returning an exit code. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A problem with the user's input: printed as one line on stderr, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs with strict checking, turning its errors into a UsageError naming the command. */
export function parseFlags<T extends ParseArgsConfig['options']>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    // Node's parser can explain itself over several lines; the CLI promises one.
    throw new UsageError(`${command}: ${(err as Error).message.split('\n')[0].trim()}`);
  }
}

/** A required string flag, or a UsageError saying which one is missing. */
export function requireFlag(command: string, value: string | boolean | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${command}: missing --${flag}`);
  return value;
}
