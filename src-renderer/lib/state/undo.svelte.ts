/**
 * The one undo history of the workspace (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y): edits of the network (a weight or bias in
 * the diagram, layers in the builder, loading an example or a model over it) and deleting a kept run. A step knows
 * how to undo itself and answers its inverse, which redo runs; network steps are snapshots of the network's
 * editable state (NetworkState.snapshot), so any edit undoes the same way.
 */
import type { NetworkSnapshot, NetworkState } from './network.svelte';

export interface UndoStep {
  /** What the step did, in a few words ("Edit a weight", "Load example 1b"): shown as "Undo Edit a weight". */
  readonly label: string;
  /** Steps recorded one after another with the same key merge (typing 1, 2, 8 into a units field is one step). */
  readonly merge?: string;
  /** Undoes the step; answers the step that redoes it. */
  undo(): UndoStep | Promise<UndoStep>;
}

/** Steps kept (older ones are forgotten). */
export const UNDO_LIMIT = 100;

export class UndoHistory {
  past = $state.raw<UndoStep[]>([]);
  future = $state.raw<UndoStep[]>([]);
  #busy = false;

  undoLabel = $derived(this.past.at(-1)?.label ?? null);
  redoLabel = $derived(this.future.at(-1)?.label ?? null);

  /** A new step (after something the person did): redo is no longer possible. */
  record(step: UndoStep): void {
    const last = this.past.at(-1);
    this.future = [];
    if (step.merge !== undefined && last?.merge === step.merge) return; // the earlier step already goes back before this one
    this.past = [...this.past.slice(-(UNDO_LIMIT - 1)), step];
  }

  /** Undoes the last step; answers its label (null: nothing to undo, or a step still running). */
  async undo(): Promise<string | null> {
    const step = this.past.at(-1);
    if (!step || this.#busy) return null;
    this.#busy = true;
    try {
      this.past = this.past.slice(0, -1);
      const inverse = await step.undo();
      this.future = [...this.future, inverse];
      return step.label;
    } finally {
      this.#busy = false;
    }
  }

  async redo(): Promise<string | null> {
    const step = this.future.at(-1);
    if (!step || this.#busy) return null;
    this.#busy = true;
    try {
      this.future = this.future.slice(0, -1);
      const inverse = await step.undo();
      this.past = [...this.past, inverse];
      return step.label;
    } finally {
      this.#busy = false;
    }
  }
}

/** A step that puts the network back as it was (`before`); its inverse puts back what it replaced. */
export function networkStep(net: NetworkState, label: string, before: NetworkSnapshot, merge?: string): UndoStep {
  return {
    label,
    ...(merge !== undefined ? { merge } : {}),
    undo: () => {
      const now = net.snapshot();
      net.restore(before);
      return networkStep(net, label, now);
    },
  };
}

/** Is the key event's target a field where typing goes (its own native undo applies there)? */
export function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/** Which history command a key press asks for: Ctrl/Cmd+Z undo; Ctrl/Cmd+Shift+Z or Ctrl+Y redo. */
export function historyKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
