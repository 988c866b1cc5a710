// Small statistics for benchmark runs.

/** The median of the numbers (mean of the two middle ones for an even count); NaN for none. */
export function median(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Relative spread of the runs, (max − min) / median: how much a noisy machine moved them. */
export function spread(values) {
  const m = median(values);
  if (!Number.isFinite(m) || m === 0) return Number.NaN;
  return (Math.max(...values) - Math.min(...values)) / m;
}

/** GFLOP/s for `rows` rows of `flopsPerRow` in `seconds`: rows · flops / s / 1e9. */
export function gflops(rows, flopsPerRow, seconds) {
  return (rows * flopsPerRow) / seconds / 1e9;
}

/**
 * Several rounds' results as one: arrays concatenated in round order, `peakRss` the largest, other fields from
 * the first round. A failed round ({ ok: false }) fails the whole; no rounds gives { ok: false }.
 */
export function mergeRounds(results) {
  if (results.length === 0) return { ok: false, reason: 'no rounds ran' };
  const failed = results.find((r) => r.ok === false);
  if (failed) return failed;
  const merged = { ...results[0] };
  for (const r of results.slice(1)) {
    for (const [k, v] of Object.entries(r)) {
      if (Array.isArray(v) && Array.isArray(merged[k])) merged[k] = [...merged[k], ...v];
      else if (k === 'peakRss') merged[k] = Math.max(merged[k], v);
    }
  }
  return merged;
}
