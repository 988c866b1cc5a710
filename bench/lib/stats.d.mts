export function median(values: readonly number[]): number;
export function spread(values: readonly number[]): number;
export function gflops(rows: number, flopsPerRow: number, seconds: number): number;
export function mergeRounds<T extends object>(results: readonly T[]): T | { ok: false; reason: string };
