/**
 * The inspection views. Each is one top-level component with typed Props:
 *
 * LayerDiagram {
 *   model: ModelFile | null;                 // null → empty state
 *   row?: readonly number[] | null;          // network inputs of the picked row (after scaling/one-hot)
 *   inputNames?, outputNames?: readonly string[];   // default from the model
 *   onModelChange?(model: ModelFile, edit: ModelEdit): void;  // after each accepted edit: re-run predictions
 *   onRowChange?(row: number[]): void;       // a value was typed into an input
 *   emptyMessage?: string;
 * }
 */
export { default as LayerDiagram } from './LayerDiagram.svelte';
export type { ModelEdit } from './model-edit';
