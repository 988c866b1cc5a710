/** Progress and time left of a training run, from epochs and batches done (pure; the clock is the caller's). */
import { plural } from '../format/numbers';

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

/** What the end of a run needs to say where it stopped (a TrainingOutcome fits). */
export interface RunEnd {
  readonly history: readonly unknown[];
  readonly stopReason: string;
  readonly epochOfWeights: number;
  readonly bestEpoch: number;
}

/**
 * The truth about where a run ended, in the person's words, e.g. "stopped at epoch 37 of 100: validation loss did not
 * improve for 5 epochs; weights of epoch 32 restored". `monitored` says which loss early stopping watched.
 */
export function endSentence(end: RunEnd, epochs: number, patience: number | null, monitored: 'validation' | 'training'): string {
  const at = end.history.length;
  const kept = end.epochOfWeights !== at ? `weights of epoch ${end.epochOfWeights} restored` : `kept the weights of epoch ${at}`;
  switch (end.stopReason) {
    case 'completed':
      return `ran all ${plural(epochs, 'epoch')}; kept the weights of epoch ${at}`;
    case 'early-stopping':
      return `stopped at epoch ${at} of ${epochs}: ${monitored} loss did not improve for ${plural(patience ?? at - end.bestEpoch, 'epoch')}; ${kept}`;
    case 'stopped':
      return `stopped by you at epoch ${at} of ${epochs}; ${kept}`;
    case 'diverged':
      return `stopped at epoch ${at + 1} of ${epochs}: the loss became infinite or NaN (try a smaller learning rate); ${kept}`;
    default:
      return `ended at epoch ${at} of ${epochs}`;
  }
}
