/**
 * One analysis as the Interactions tab runs it: the network's answer and (optionally) the baseline's, computed in
 * main's analysis worker, with progress from job-progress events and a cancel. State for one kind of analysis.
 */
import type { AnalysisAnswer, ApiAnalysisMethods } from '../../../../src-shared/api/contract';
import type { ModelFile } from '../../../../src-shared/model-file/types';
import type { AnalysisResults } from '../../../../src-shared/analysis/request';
import type { Workspace } from '../../state/workspace.svelte';

type MethodOf<K extends keyof AnalysisResults> = {
  [M in keyof ApiAnalysisMethods]: ApiAnalysisMethods[M]['result'] extends AnalysisAnswer<K> ? M : never;
}[keyof ApiAnalysisMethods];

export class AnalysisRun<K extends keyof AnalysisResults> {
  network = $state.raw<AnalysisAnswer<K> | null>(null);
  baseline = $state.raw<AnalysisAnswer<K> | null>(null);
  running = $state(false);
  /** Fraction done of the current run (0–1). */
  progress = $state(0);
  error = $state<string | null>(null);
  #jobs: string[] = [];
  readonly #method: MethodOf<K>;

  constructor(method: MethodOf<K>) {
    this.#method = method;
  }

  /** Run on the network, then (withBaseline) on its baseline; errors end in `error`, a cancel leaves the old results. */
  async run(ws: Workspace, datasetId: string, model: ModelFile, options: ApiAnalysisMethods[MethodOf<K>]['args']['options'], withBaseline: boolean): Promise<void> {
    this.cancel(ws);
    this.running = true;
    this.error = null;
    this.progress = 0;
    const passes = withBaseline ? [false, true] : [false];
    const answers: (AnalysisAnswer<K> | null)[] = [];
    for (const [k, baseline] of passes.entries()) {
      const jobId = ws.newJobId('analysis');
      this.#jobs.push(jobId);
      const stop = ws.onEvent((e) => {
        if (e.type === 'job-progress' && e.jobId === jobId && e.progress.total > 0) this.progress = (k + e.progress.done / e.progress.total) / passes.length;
      });
      const call = ws.api[this.#method] as (args: unknown) => Promise<{ ok: true; value: AnalysisAnswer<K> } | { ok: false; error: { kind: string; message: string } }>;
      const r = await call({ datasetId, model, baseline, jobId, options });
      stop();
      if (!this.#jobs.includes(jobId)) return;
      if (!r.ok) {
        this.running = false;
        this.#jobs = [];
        if (r.error.kind !== 'job/cancelled') this.error = r.error.message;
        return;
      }
      answers.push(r.value);
    }
    this.#jobs = [];
    this.network = answers[0] ?? null;
    this.baseline = answers[1] ?? null;
    this.running = false;
    this.progress = 1;
  }

  cancel(ws: Workspace): void {
    for (const jobId of this.#jobs) void ws.api.cancel({ jobId });
    this.#jobs = [];
    this.running = false;
  }
}

/** Every analysis of the tab, kept by the workspace while another tab is shown. */
export class InteractionAnalyses {
  readonly dependence = new AnalysisRun<'dependence'>('analyzeDependence');
  readonly interactions = new AnalysisRun<'interactions'>('analyzeInteractions');
  readonly importance = new AnalysisRun<'importance'>('analyzeImportance');
  readonly surface = new AnalysisRun<'surface'>('analyzeSurface');
  readonly representation = new AnalysisRun<'representation'>('analyzeRepresentation');
  /** The interaction plot's choices. */
  feature = $state<string | null>(null);
  by = $state<string | null>(null);
  groups = $state(3);
  ice = $state(false);
  /** The surface's two inputs, and whether the others sit at the selected row. */
  x = $state<string | null>(null);
  y = $state<string | null>(null);
  atRow = $state(false);
  layer = $state(0);
  /** A multiclass model's class whose probability is analysed. */
  responseClass = $state<string | null>(null);
  /** The surface was drawn from this epoch's snapshot while training ran (null: from the network). */
  liveEpoch = $state<number | null>(null);
  liveEvery = $state(1);
  /** Replay the last training run's snapshots in the representation (when there are some). */
  replay = $state(true);
  /** The representation's frames, named (empty: one frame, no replay), and what the replay holds. */
  frameLabels = $state.raw<string[]>([]);
  replayNote = $state('');
}
