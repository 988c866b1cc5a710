/** Progress and time left of a training run, from epochs and batches done (pure; the clock is the caller's). */

/** Share of the run done: (finished epochs + batch/batches of the current one) / epochs, in [0, 1]. */
export function trainingFraction(finishedEpochs: number, epochs: number, batch?: { batch: number; batches: number } | null): number {
  if (!(epochs > 0)) return 0;
  const partial = batch && batch.batches > 0 ? Math.min(1, batch.batch / batch.batches) : 0;
  return Math.max(0, Math.min(1, (finishedEpochs + partial) / epochs));
}

/** Seconds left at the pace so far: elapsed · (1 − f) / f; null until there is a pace (f = 0) or when done. */
export function secondsLeft(elapsedSeconds: number, fraction: number): number | null {
  if (!(fraction > 0) || fraction >= 1 || !(elapsedSeconds >= 0)) return null;
  return (elapsedSeconds * (1 - fraction)) / fraction;
}

/** "0:07", "12:34", "1:02:03": minutes and seconds, hours when needed. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
