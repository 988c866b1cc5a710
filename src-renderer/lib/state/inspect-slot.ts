/**
 * The slot the inspection views (src-renderer/lib/inspect/, issue 7) plug into.
 *
 * Contract: src-renderer/lib/inspect/index.ts exports
 *     export const inspectViews: InspectViews = { diagram: LayerDiagramView, predictions: …, … };
 * Each entry is a Svelte component taking InspectProps. The Diagram, Activations, Predictions and Training
 * tabs render the entry of their id; a missing file or entry leaves the tab showing only a neutral empty
 * state. The workspace tabs never import anything else from lib/inspect.
 */
import type { Component } from 'svelte';
import type { DatasetSummary, ModelFile } from '../../../src-shared/api';
import type { Workspace } from './workspace.svelte';

export const INSPECT_VIEWS = ['diagram', 'activations', 'predictions', 'training', 'interactions'] as const;
export type InspectViewId = (typeof INSPECT_VIEWS)[number];

export interface InspectProps {
  /** Everything else (api, jobs, problems, dataset roles, tabs): reactive, read what you need. */
  readonly workspace: Workspace;
  /** The current network with its weights and preprocessing (null while the builder has a problem). */
  readonly model: ModelFile | null;
  /** The open dataset (columns, roles are in workspace.dataset), or null. */
  readonly dataset: DatasetSummary | null;
  /** A row in network input order from an example, pasted weights or typed values, or null. */
  readonly input: number[] | null;
  /** The dataset row the person clicked in the table (0-based), or null. */
  readonly selectedRow: number | null;
  /** Numbers or activations of the current model edited in a view (network.applyEdit); a whole new model goes through network.load. */
  readonly onModelChange: (model: ModelFile) => void;
  /** Replace the sample input row (typed values on the diagram). */
  readonly onInputChange: (input: number[] | null) => void;
}

export type InspectViews = Partial<Record<InspectViewId, Component<InspectProps>>>;

/** The views lib/inspect/index.ts registers; {} while that file does not exist. */
export function registeredInspectViews(): InspectViews {
  const modules = import.meta.glob<{ inspectViews?: InspectViews }>('../inspect/index.ts', { eager: true });
  const entry = Object.values(modules)[0];
  return entry?.inspectViews ?? {};
}

/**
 * For a file not loaded whole (DatasetSummary.partial, only its first rows are in the app): why a view that needs
 * every row is not shown, in one sentence; null for the diagram, which works on one row.
 */
export function wholeFileReason(view: InspectViewId, file: string): string | null {
  switch (view) {
    case 'training':
      return `Training needs every row of ${file}, which is too big to load whole: train on a smaller file with the same columns, then export predictions for this one.`;
    case 'activations':
      return `Comparing activations predicts and trains on every row of ${file}, which is too big to load whole: compare them on a smaller file with the same columns.`;
    case 'predictions':
      return `The predictions view charts and scores every row, and ${file} is too big to load whole: Export predictions writes a prediction for each of its rows instead.`;
    case 'interactions':
      return `Interactions sample rows from all of ${file}, which is too big to load whole: analyse a smaller file with the same columns.`;
    default:
      return null;
  }
}
