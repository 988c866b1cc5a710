export const USAGE: string;
export interface BenchOptions { runs: number; quick: boolean; json: boolean }
export function parseArgs(argv: readonly string[]): BenchOptions;
