/** How a long analysis reports progress and learns it should stop (a worker passes these; tests usually pass none). */
import { err, type Result } from '../result';

export interface AnalysisHooks {
  /** Steps done out of all steps, after each step. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled between steps: true stops the analysis with 'job/cancelled'. */
  readonly cancelled?: () => boolean;
}

/** The error a stopped analysis answers. */
export function cancelledAnalysis<T>(): Result<T> {
  return err({ kind: 'job/cancelled', message: 'The analysis was cancelled.' });
}
