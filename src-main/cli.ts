#!/usr/bin/env node
/** Dense Lab's command line: `dense-lab <command> [flags]` (or `npm run cli -- <command> …`). */
import { commands } from './cli/commands';
import { UsageError, type CliIo } from './cli/command';
import { escapeControl } from '../src-shared/escape-control';

async function help(): Promise<string> {
  const all = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...all.map((c) => c.name.length), 4);
  const lines = all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${''.padEnd(width)}  usage: dense-lab ${c.usage}`);
  return `Dense Lab command line\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(await help());
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`dense-lab: unknown command '${escapeControl(name)}' (commands: ${commands.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      // One line, whatever the message quotes from the user's files.
      io.stderr.write(`dense-lab ${escapeControl(err.message)}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`dense-lab ${name}: internal error: ${escapeControl(message)}\n`);
    return 1;
  }
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`dense-lab: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
