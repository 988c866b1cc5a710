/**
 * The training panel's settings: data-based defaults (training-defaults.ts) until the person changes a field,
 * then their value. toSettings() gives what the engine's resolveTrainingSettings checks, the same object the CLI builds.
 */
import { untrack } from 'svelte';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import type { LayerSetting, TrainingSettings } from '../../../src-shared/jobs/train-settings';
import type { Task } from '../../../src-shared/model-file/types';
import type { ValidationFile } from '../state/validation-file';
import { DEFAULT_LEARNING_RATE, suggestTrainingSettings, type Reasons, type TrainingChoiceValues } from './training-defaults';

export class TrainingChoices {
  values = $state<TrainingChoiceValues>(suggestTrainingSettings(0, null, null).values);
  reasons = $state.raw<Reasons>(suggestTrainingSettings(0, null, null).reasons);
  /** The separate validation file (validation 'file'), once chosen and read by main. */
  validationFile = $state.raw<ValidationFile | null>(null);
  /** Fields the person set: new data no longer changes them. */
  #edited = $state.raw(new Set<keyof TrainingChoiceValues>());

  /** Defaults for this dataset and target, for every field the person has not set. */
  suggest(rows: number, target: ColumnInfo | null, task: Task | null): void {
    const s = suggestTrainingSettings(rows, target, task);
    this.reasons = s.reasons;
    // read without tracking: the caller's $effect follows the data, not these values (it writes them)
    untrack(() => {
      const next = { ...this.values };
      for (const key of Object.keys(s.values) as (keyof TrainingChoiceValues)[]) {
        if (!this.#edited.has(key)) (next as Record<string, unknown>)[key] = s.values[key];
      }
      // the rate follows the optimizer the person chose, unless they chose a rate too
      if (!this.#edited.has('learningRate')) next.learningRate = DEFAULT_LEARNING_RATE[next.optimizer];
      this.values = next;
    });
  }

  set<K extends keyof TrainingChoiceValues>(key: K, value: TrainingChoiceValues[K]): void {
    this.#edited = new Set([...this.#edited, key]);
    const next = { ...this.values, [key]: value };
    // a new optimizer brings its own default rate unless the person chose one
    if (key === 'optimizer' && !this.#edited.has('learningRate')) next.learningRate = DEFAULT_LEARNING_RATE[value as TrainingChoiceValues['optimizer']];
    this.values = next;
  }

  isEdited(key: keyof TrainingChoiceValues): boolean {
    return this.#edited.has(key);
  }

  /** The line under a field: why its default is what it is ("default …" once the person changed it). */
  why(key: keyof TrainingChoiceValues): string {
    return this.#edited.has(key) ? `default ${this.reasons[key]}` : this.reasons[key];
  }

  /** The engine's settings for these choices, the hidden layers (dropout after each when set) and the task. */
  toSettings(hidden: readonly LayerSetting[], task: Task | null): Omit<TrainingSettings, 'target' | 'missing' | 'reportEveryBatches' | 'initializer' | 'standardizeInputs' | 'standardizeTarget' | 'shuffle' | 'baseline' | 'hidden'> & { hidden: LayerSetting[] } {
    const v = this.values;
    return {
      hidden: hidden.map((l) => (v.dropout > 0 ? { ...l, dropout: v.dropout } : { ...l })),
      epochs: v.epochs,
      batchSize: v.batchSize,
      optimizer: v.optimizer,
      learningRate: v.learningRate,
      ...(v.optimizer === 'sgd' ? { momentum: v.momentum } : {}),
      weightDecay: v.weightDecay,
      seed: v.seed,
      validation: v.validation === 'none' || v.validation === 'file' ? { kind: v.validation } : { kind: v.validation, fraction: v.validationFraction },
      earlyStopping: v.earlyStopping ? { patience: v.patience, minDelta: 0, restoreBestWeights: v.restoreBest } : null,
      ...(task === 'regression' && v.loss !== 'mse' ? { loss: v.loss } : {}),
      ...(v.cv >= 2 ? { cv: v.cv } : {}),
    };
  }
}
