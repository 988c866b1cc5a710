/**
 * State of one layer diagram: the model and row it shows (the app's, or a local edit not yet echoed back),
 * the engine's trace of that row, the step-through position and what is being hovered or edited.
 * The trace comes from forwardTrace: every number on the diagram is the engine's.
 */
import { forwardTrace, type ForwardTrace } from '../../../src-shared/nn/forward';
import type { Network } from '../../../src-shared/nn/model';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { allNodeNames } from './names';
import { applyEdit, networkOf, parseNumberInput, type ModelEdit } from './model-edit';
import { stepOrder, type StepPosition } from './step-text';

/** What a click opened for editing: a weight (edge), a bias (node) or an input value. */
export type EditTarget =
  | { readonly kind: 'weight'; readonly layer: number; readonly from: number; readonly to: number }
  | { readonly kind: 'bias'; readonly layer: number; readonly unit: number }
  | { readonly kind: 'input'; readonly index: number };

export interface Tooltip {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export interface DiagramSources {
  model: () => ModelFile | null;
  row: () => readonly number[] | null | undefined;
  inputNames: () => readonly string[] | undefined;
  /** Per network input, what the row's cell was and how it reached the network (input-captions.ts), when the row is a dataset row. */
  inputCaptions?: () => readonly string[] | undefined;
  outputNames: () => readonly string[] | undefined;
  onModelChange: (model: ModelFile, edit: ModelEdit) => void;
  onRowChange: (row: number[]) => void;
}

export class DiagramState {
  #src: DiagramSources;
  /** A local edit and the app model it was made from: shown until the app passes a different model. */
  #edited = $state.raw<{ from: ModelFile; model: ModelFile } | null>(null);
  #typed = $state.raw<{ from: readonly number[] | null | undefined; row: number[] } | null>(null);

  step = $state(-1);
  /** The unit clicked last (its contributions panel is open), or null. */
  selected = $state.raw<StepPosition | null>(null);
  /** How many of the strongest |x·w| contributions the panel lists and a wide layer draws as edges. */
  topK = $state(10);
  /** `selected` while it names a unit of the current network. */
  selectedUnit: StepPosition | null = $derived.by(() => {
    const s = this.selected;
    return s && this.net && s.layer < this.net.layers.length && s.unit < this.net.layers[s.layer].units ? s : null;
  });
  playing = $state(false);
  tooltip = $state.raw<Tooltip | null>(null);
  editing = $state.raw<{ target: EditTarget; x: number; y: number; text: string; error: string | null } | null>(null);

  model = $derived.by(() => {
    const m = this.#src.model();
    const e = this.#edited;
    return e && m && e.from === m ? e.model : m;
  });
  net: Network | null = $derived(this.model && this.model.layers.length > 0 ? networkOf(this.model) : null);
  names: string[][] = $derived.by(() => (this.model ? allNodeNames(this.model, this.#src.inputNames(), this.#src.outputNames()) : []));

  row: number[] | null = $derived.by(() => {
    const r = this.#src.row();
    const t = this.#typed;
    if (t && t.from === r) return t.row;
    if (r && this.net && r.length === this.net.inputSize) return [...r];
    return this.net ? new Array<number>(this.net.inputSize).fill(0) : null;
  });

  /** Per input node, the row's caption (raw cell → network value) while the row is the source's; none for a typed row. */
  inputCaptions: readonly string[] | null = $derived.by(() => {
    const captions = this.#src.inputCaptions?.();
    const typed = this.#typed;
    if (!captions || captions.length !== (this.names[0]?.length ?? -1) || (typed && typed.from === this.#src.row())) return null;
    return captions;
  });

  /** The engine's trace of the row, or the message saying why there is none. */
  traced: { trace: ForwardTrace | null; problem: string | null } = $derived.by(() => {
    if (!this.net || !this.row) return { trace: null, problem: null };
    if (this.row.some((v) => !Number.isFinite(v))) return { trace: null, problem: 'This row has a missing or non-numeric input, so the network gives no output for it.' };
    return { trace: forwardTrace(this.net, this.row), problem: null };
  });

  order: StepPosition[] = $derived(this.net ? stepOrder(this.net.layers.map((l) => l.units)) : []);
  focus: StepPosition | null = $derived(this.step >= 0 && this.step < this.order.length ? this.order[this.step] : null);

  constructor(src: DiagramSources) {
    this.#src = src;
  }

  /** Open unit `unit` of layer `layer` in the contributions panel (again: close it). */
  select(layer: number, unit: number): void {
    const s = this.selected;
    this.selected = s && s.layer === layer && s.unit === unit ? null : { layer, unit };
  }

  /** k for the panel and the wide layers' edges: a whole number from 1 to 100. */
  setTopK(k: number): void {
    if (Number.isFinite(k)) this.topK = Math.min(100, Math.max(1, Math.round(k)));
  }

  forward(): void {
    if (this.step < this.order.length - 1) this.step += 1;
    else this.playing = false;
  }

  back(): void {
    if (this.step > -1) this.step -= 1;
  }

  /** Leave step-through mode. */
  reset(): void {
    this.step = -1;
    this.playing = false;
  }

  togglePlay(): void {
    if (!this.playing && this.step >= this.order.length - 1) this.step = -1;
    this.playing = !this.playing;
  }

  /** Open the small editor for a weight, bias or input at (x, y) in the diagram box. */
  openEditor(target: EditTarget, x: number, y: number): void {
    this.editing = { target, x, y, text: String(this.currentValue(target)), error: null };
  }

  cancelEdit(): void {
    this.editing = null;
  }

  /** Commit the editor's text: refused with a message unless it is a finite number. */
  commitEdit(text: string): void {
    const ed = this.editing;
    if (!ed) return;
    const parsed = parseNumberInput(text);
    if (!parsed.ok) {
      this.editing = { ...ed, text, error: parsed.message };
      return;
    }
    const t = ed.target;
    if (t.kind === 'input') this.setInput(t.index, parsed.value);
    else if (t.kind === 'weight') this.applyModelEdit({ kind: 'weight', layer: t.layer, from: t.from, to: t.to, value: parsed.value });
    else this.applyModelEdit({ kind: 'bias', layer: t.layer, unit: t.unit, value: parsed.value });
    this.editing = null;
  }

  applyModelEdit(edit: ModelEdit): void {
    const from = this.#src.model();
    const current = this.model;
    if (!from || !current) return;
    const model = applyEdit(current, edit);
    this.#edited = { from, model };
    this.#src.onModelChange(model, edit);
  }

  setInput(index: number, value: number): void {
    if (!this.row) return;
    const row = this.row.map((v, i) => (i === index ? value : v));
    this.#typed = { from: this.#src.row(), row };
    this.#src.onRowChange(row);
  }

  currentValue(t: EditTarget): number {
    const net = this.net;
    if (t.kind === 'input') return this.row?.[t.index] ?? 0;
    if (!net) return 0;
    const layer = net.layers[t.layer];
    return t.kind === 'weight' ? layer.kernel[t.from * layer.units + t.to] : layer.bias[t.unit];
  }
}
