/**
 * `--header yes|no`: the person's answer to "is the first row of the CSV a header?", for commands that read one.
 * Absent, the loader decides (and warns on line 1 when in doubt); the warning's reading can be overruled with it.
 */
import { UsageError } from './command';

/** The parseFlags entry for --header (spread into a command's options). */
export const HEADER_FLAG = { header: { type: 'string' } } as const;

/** Usage text for the flag. */
export const HEADER_USAGE = '[--header yes|no]';

/** --header's value as the loader's option: true for yes, false for no, undefined when not given; anything else is a UsageError. */
export function parseHeaderFlag(command: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const answer = value.trim().toLowerCase();
  if (answer === 'yes') return true;
  if (answer === 'no') return false;
  throw new UsageError(`${command}: --header must be yes (the first row holds the column names) or no (the first row is data), got '${value}'`);
}

/** The loader's options for that answer: `{header}` when given, nothing when the loader should decide. */
export function headerOption(header: boolean | undefined): { header?: boolean } {
  return header === undefined ? {} : { header };
}
