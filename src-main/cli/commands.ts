/** The table of CLI commands. Each command lives in its own file in this folder. */
import type { CliCommand } from './command';
import { summaryCommand } from './summary';
import { forwardCommand } from './forward';
import { importWeightsCommand } from './import-weights';
import { predictCommand } from './predict';
import { inspectCommand } from './inspect';
import { trainCommand } from './train';
import { importModelCommand } from './import-model';
import { exportModelCommand } from './export-model';
import { dependenceCommand } from './dependence';
import { interactionsCommand } from './interactions';
import { importanceCommand } from './importance';

export const commands: CliCommand[] = [
  summaryCommand,
  forwardCommand,
  importWeightsCommand,
  predictCommand,
  inspectCommand,
  trainCommand,
  importModelCommand,
  exportModelCommand,
  dependenceCommand,
  interactionsCommand,
  importanceCommand,
];
