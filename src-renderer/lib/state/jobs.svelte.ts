/** Running jobs as the status bar shows them: label, progress and a way to cancel every one. */
import type { JobProgress } from '../../../src-shared/api/types';

export interface RunningJob {
  readonly key: number;
  readonly label: string;
  /** null while the amount of work is unknown (an indeterminate bar). */
  readonly progress: JobProgress | null;
  readonly cancel: () => void;
}

export class JobsState {
  list = $state.raw<RunningJob[]>([]);
  #nextKey = 1;

  /** Registers a job; returns its key for update/finish. */
  start(label: string, cancel: () => void): number {
    const key = this.#nextKey++;
    this.list = [...this.list, { key, label, progress: null, cancel }];
    return key;
  }

  update(key: number, progress: JobProgress): void {
    this.list = this.list.map((j) => (j.key === key ? { ...j, progress } : j));
  }

  finish(key: number): void {
    this.list = this.list.filter((j) => j.key !== key);
  }
}
