/**
 * The table of CLI commands. Each command lives in its own file in this folder and is loaded only when it runs
 * (or for `help`): loading all eleven with their libraries (model formats, the browser bridge …) cost every
 * command about 50 ms of start-up (measured: `predict` alone starts in 0.12 s, with the whole table 0.17 s).
 */
import type { CliCommand } from './command';

export interface CommandEntry {
  readonly name: string;
  /** The command's module, loaded on first use. */
  load(): Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'summary', load: async () => (await import('./summary')).summaryCommand },
  { name: 'forward', load: async () => (await import('./forward')).forwardCommand },
  { name: 'import-weights', load: async () => (await import('./import-weights')).importWeightsCommand },
  { name: 'predict', load: async () => (await import('./predict')).predictCommand },
  { name: 'inspect', load: async () => (await import('./inspect')).inspectCommand },
  { name: 'train', load: async () => (await import('./train')).trainCommand },
  { name: 'import-model', load: async () => (await import('./import-model')).importModelCommand },
  { name: 'export-model', load: async () => (await import('./export-model')).exportModelCommand },
  { name: 'dependence', load: async () => (await import('./dependence')).dependenceCommand },
  { name: 'interactions', load: async () => (await import('./interactions')).interactionsCommand },
  { name: 'importance', load: async () => (await import('./importance')).importanceCommand },
];
