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

/** A negative number as a flag's value: -1, -0.5, -.5, -1e-3, -Infinity. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|inf)/i;

/**
 * `--flag -1` as `--flag=-1` for the flags that take a value: node's parser would read `-1` as an option
 * ("argument is ambiguous"); the command's own check then says what range is valid.
 */
export function joinNegativeValues(argv: readonly string[], options: ParseArgsConfig['options']): string[] {
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const next = argv[k + 1];
    if (name !== null && options?.[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      k++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** node:util parseArgs with strict checking, turning its errors into a UsageError naming the command. */
export function parseFlags<T extends ParseArgsConfig['options']>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals });
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
