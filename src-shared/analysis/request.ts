/**
 * One analysis asked of a worker: which one, on which model (the network, or its baseline), with which options.
 * runAnalysis is what the analysis worker (src-main/workers/analysis-worker.ts) runs; it is pure, so tests call it
 * directly and get the numbers the app shows. The worker's messages are here too, so workers import only src-shared.
 */
import type { Dataset } from '../data/dataset';
import type { PostedData } from '../jobs/train-messages';
import type { LayerSpec, ModelFile } from '../model-file/types';
import { ok, type AppError, type Result } from '../result';
import { baselineModel } from './baseline-model';
import { pairInteractions, type InteractionOptions, type Interactions } from './h-statistic';
import type { AnalysisHooks } from './hooks';
import { partialDependence, type Dependence, type DependenceOptions } from './partial-dependence';
import { permutationImportance, type Importance, type ImportanceOptions } from './permutation-importance';
import { alignFrames, hiddenRepresentation, type Representation } from './representation';
import { modelResponse, responseClass } from './response';
import { twoInputSurface, type Surface, type SurfaceOptions } from './surface';

export interface RepresentationRequestOptions {
  readonly layer: number;
  readonly sample?: number;
  readonly seed?: number;
  /** Earlier weights of the same network, oldest first (training snapshots): one projection each, then the model's. */
  readonly snapshots?: readonly (readonly LayerSpec[])[];
}

export type AnalysisRequest =
  | { readonly kind: 'dependence'; readonly options: DependenceOptions }
  | { readonly kind: 'interactions'; readonly options: InteractionOptions }
  | { readonly kind: 'importance'; readonly options: ImportanceOptions }
  | { readonly kind: 'surface'; readonly options: SurfaceOptions }
  | { readonly kind: 'representation'; readonly options: RepresentationRequestOptions };

/** Representations over training: one per snapshot, then the final weights. */
export interface RepresentationReplay {
  readonly frames: Representation[];
}

export interface AnalysisResults {
  dependence: Dependence;
  interactions: Interactions;
  importance: Importance;
  surface: Surface;
  representation: RepresentationReplay;
}

export type AnalysisResult = AnalysisResults[keyof AnalysisResults];

/** What an analysis says about which model it ran on. */
export interface AnalysedModel {
  readonly model: 'network' | 'baseline';
  /** For a baseline: which one (saved by training, or fitted now). */
  readonly note: string | null;
}

/** Run `request` on `model` (or, with `baseline`, its linear/logistic fit) over `dataset`. */
export function runAnalysis(request: AnalysisRequest, model: ModelFile, dataset: Dataset, baseline: boolean, hooks: AnalysisHooks = {}): Result<{ result: AnalysisResult; about: AnalysedModel }> {
  let target = model;
  let note: string | null = null;
  if (baseline) {
    const b = baselineModel(model, dataset);
    if (!b.ok) return b;
    target = b.value.model;
    note = b.value.note;
  }
  const className = request.kind === 'dependence' || request.kind === 'interactions' || request.kind === 'surface' ? request.options.class : undefined;
  const classIndex = responseClass(target.output, className);
  if (!classIndex.ok) return classIndex;
  const response = modelResponse(target, dataset.columns, classIndex.value);
  if (!response.ok) return response;
  const r = response.value;
  let result: Result<AnalysisResult>;
  switch (request.kind) {
    case 'dependence':
      result = partialDependence(r, dataset.columns, dataset, request.options, hooks);
      break;
    case 'interactions':
      result = pairInteractions(r, dataset.columns, dataset, request.options, hooks);
      break;
    case 'importance':
      result = permutationImportance(r, dataset, request.options, hooks);
      break;
    case 'surface':
      result = twoInputSurface(r, dataset, request.options);
      break;
    case 'representation': {
      const { snapshots = [], ...options } = request.options;
      const frames: Representation[] = [];
      for (const layers of [...snapshots, target.layers]) {
        const frame = hiddenRepresentation(r, target, dataset, { ...options, layers });
        if (!frame.ok) return frame;
        frames.push(frame.value);
        hooks.onProgress?.(frames.length, snapshots.length + 1);
      }
      result = ok({ frames: alignFrames(frames) });
      break;
    }
  }
  if (!result.ok) return result;
  return ok({ result: result.value, about: { model: baseline ? 'baseline' : 'network', note } });
}

/** Service → analysis worker. */
export interface AnalysisStartMessage {
  readonly type: 'analyse';
  readonly data: PostedData;
  readonly model: ModelFile;
  readonly baseline: boolean;
  readonly request: AnalysisRequest;
}

/** Analysis worker → service. */
export type AnalysisWorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: Result<{ result: AnalysisResult; about: AnalysedModel }> }
  | { readonly type: 'failed'; readonly error: AppError };
