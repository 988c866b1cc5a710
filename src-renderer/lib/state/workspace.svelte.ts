/**
 * The whole app's state in one object, handed to components through context (see README.md):
 * the api, the open dataset and its column choices, the network being built, running jobs, problems,
 * the theme, and the lists behind the Samples and Examples menus. Flows that talk to main live in
 * files.ts and jobs-flow.ts; this file holds what the person sees.
 */
import type { Api, ApiEvent, CourseExample, ModelFile, SampleInfo, ThemePreference } from '../../../src-shared/api';
import { DatasetState } from './dataset.svelte';
import { JobsState } from './jobs.svelte';
import { NetworkState } from './network.svelte';
import { ProblemsState } from './problems.svelte';
import { ThemeState } from './theme.svelte';
import { networkStep, UndoHistory } from './undo.svelte';

export const TABS = ['data', 'network', 'diagram', 'activations', 'predictions', 'training', 'interactions'] as const;
export type TabId = (typeof TABS)[number];

export class Workspace {
  readonly api: Api;
  readonly problems = new ProblemsState();
  readonly jobs = new JobsState();
  readonly dataset = new DatasetState();
  readonly network = new NetworkState(this.dataset);
  readonly theme: ThemeState;
  /** Undo / redo of network edits, loads over the network and deleted runs (Ctrl+Z, Ctrl+Shift+Z). */
  readonly undo = new UndoHistory();

  tab = $state<TabId>('data');
  /** The one modal dialog open now, if any. */
  dialog = $state<'paste-weights' | 'open-path' | 'about' | 'export-model' | null>(null);
  /** The Examples menu is open (also opened by the native Help → Examples). */
  examplesMenuOpen = $state(false);
  samples = $state.raw<SampleInfo[]>([]);
  examples = $state.raw<CourseExample[]>([]);
  /** The Samples and Examples lists have arrived from main (until then their menus say they are loading). */
  menusLoaded = $state(false);
  /** The last finished predict job: for which dataset and model (Export predictions reuses it while both match). */
  prediction = $state.raw<{ jobId: string; datasetId: string; model: ModelFile } | null>(null);
  /** The last export or save: a sentence naming the file, and its path when it was written (Show in folder), not downloaded. */
  written = $state.raw<{ message: string; path: string | null } | null>(null);
  /** Opens the browser's file picker for a dataset (registered by the toolbar's file input). */
  pickDatasetFile: (() => void) | null = null;
  pickModelFile: (() => void) | null = null;

  title = $derived(`Dense Lab${this.dataset.summary ? ` — ${this.dataset.summary.name}` : this.network.name ? ` — ${this.network.name}` : ''}`);

  readonly #eventListeners = new Set<(event: ApiEvent) => void>();
  /** State of views that must outlive their tab being hidden (a running training job, the last predictions). */
  readonly #kept = new Map<string, unknown>();
  #jobCounter = 0;

  constructor(api: Api, root: HTMLElement, storage: Storage | null) {
    this.api = api;
    this.theme = new ThemeState(root, storage);
    this.network.onBeforeEdit = (label, merge) => this.undo.record(networkStep(this.network, label, this.network.snapshot(), merge));
    api.onEvent((event) => {
      for (const listener of this.#eventListeners) listener(event);
    });
  }

  /** Listens to events from main until the returned function is called. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /**
   * The view state stored under `key`, created on first use. Tabs unmount their view when another tab is
   * shown; a view keeps what must survive that here (e.g. a training run still receiving epochs).
   */
  keep<T>(key: string, create: () => T): T {
    if (!this.#kept.has(key)) this.#kept.set(key, create());
    return this.#kept.get(key) as T;
  }

  /** A fresh job id for calls where the renderer names the job (loads). */
  newJobId(prefix: string): string {
    this.#jobCounter += 1;
    return `${prefix}-${Date.now().toString(36)}-${this.#jobCounter}`;
  }

  /** The person picked a theme: applied now, and remembered by main (the desktop menu shows it too). */
  async chooseTheme(theme: ThemePreference): Promise<void> {
    this.theme.set(theme);
    const saved = await this.api.setPreferences({ theme });
    if (!saved.ok) this.problems.report(saved.error, 'warning');
  }

  /** Fetches the Samples and Examples menus' contents, the saved theme and the runs main could not read; a failure is reported, the app stays usable. */
  async loadMenus(): Promise<void> {
    const [samples, examples, preferences, runs] = await Promise.all([this.api.listSamples({}), this.api.listExamples({}), this.api.getPreferences({}), this.api.listRuns({})]);
    // run files main could not read (kept aside): said once the app is up, whichever tab shows
    if (runs.ok) for (const message of runs.value.problems) this.problems.report({ kind: 'runs/corrupt', message }, 'warning');
    if (preferences.ok) this.theme.set(preferences.value.theme);
    if (samples.ok) this.samples = samples.value;
    else this.problems.report(samples.error, 'warning');
    if (examples.ok) this.examples = examples.value;
    else this.problems.report(examples.error, 'warning');
    this.menusLoaded = true;
  }
}
