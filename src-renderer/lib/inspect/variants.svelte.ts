/**
 * The "same network, different activation" comparison: which variants to run, and each run's outcome.
 * Each variant is the current model with other hidden activations, run on the whole dataset by main.
 */
import type { ModelFile } from '../../../src-shared/model-file/types';
import type { ActivationName } from '../../../src-shared/nn/model';
import type { Result } from '../../../src-shared/result';
import { withHiddenActivations } from './model-edit';
import type { ActivationVariantResult } from './types';

/** Runs one variant on the dataset (the app wires this to the API's predict job with activation statistics). */
export type RunVariant = (model: ModelFile, activations: ActivationName[]) => Promise<Result<ActivationVariantResult>>;

export type VariantRun =
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly result: ActivationVariantResult }
  | { readonly status: 'failed'; readonly message: string };

export class VariantsState {
  /** Hidden activations per variant, e.g. [['relu'], ['tanh']]. */
  choices = $state<ActivationName[][]>([]);
  runs = $state.raw<VariantRun[]>([]);
  /** The model the runs were made with: results of another model are not shown as current. */
  ranWith = $state.raw<ModelFile | null>(null);

  /** ReLU vs tanh on every hidden layer, unless the person already chose variants for this depth. */
  ensureDefaults(hiddenLayers: number): void {
    if (this.choices.length > 0 && this.choices.every((c) => c.length === hiddenLayers)) return;
    const all = (a: ActivationName) => new Array<ActivationName>(hiddenLayers).fill(a);
    this.choices = [all('relu'), all('tanh')];
    this.runs = [];
  }

  add(hiddenLayers: number): void {
    this.choices.push(new Array<ActivationName>(hiddenLayers).fill('sigmoid'));
  }

  remove(k: number): void {
    this.choices.splice(k, 1);
    this.runs = this.runs.filter((_, i) => i !== k);
  }

  /** Run every variant (in parallel: main queues the jobs on its worker pool). */
  async runAll(model: ModelFile, run: RunVariant): Promise<void> {
    const choices = this.choices.map((c) => [...c]);
    this.ranWith = model;
    this.runs = choices.map(() => ({ status: 'running' }));
    await Promise.all(
      choices.map(async (acts, k) => {
        let outcome: VariantRun;
        try {
          const r = await run(withHiddenActivations(model, acts), acts);
          outcome = r.ok ? { status: 'done', result: r.value } : { status: 'failed', message: r.error.message };
        } catch (e) {
          outcome = { status: 'failed', message: e instanceof Error ? e.message : String(e) };
        }
        if (this.ranWith === model) this.runs = this.runs.map((old, i) => (i === k ? outcome : old));
      }),
    );
  }
}
