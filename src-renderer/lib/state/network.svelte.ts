/**
 * The network being built, Keras Sequential + Dense style. The person edits `layers` (units, activation,
 * order); `model` is DERIVED: the current weights when they still fit the architecture (so changing an
 * activation keeps the weights), otherwise fresh seeded weights from the engine's initializer.
 * `load` (model file, course example, pasted weights, trained model) sets the weights and pins its input
 * specs; `applyEdit` changes numbers of the current model only; `unpin` returns to the dataset's inputs.
 */
import type { InputSpec, ModelFile, OutputSpec, Task } from '../../../src-shared/model-file/types';
import type { CourseExample } from '../../../src-shared/api';
import type { ActivationName } from '../../../src-shared/nn/model';
import type { ImportReport } from '../../../src-shared/formats/format';
import { createNetwork, type InitializerName } from '../../../src-shared/nn/init';
import { summarize } from '../../../src-shared/nn/summary';
import { genericSpecs, modelFromNetwork, specsFromColumns, specsWidth, weightsFit } from '../network/model-build';
import type { DatasetState } from './dataset.svelte';

export interface LayerDraft {
  /** Stable key for the list (reordering keeps focus on the moved row). */
  readonly key: number;
  units: number;
  activation: ActivationName;
}

export const MAX_UNITS = 4096;

/** The network's editable state at one moment (undo.svelte.ts puts it back). */
export interface NetworkSnapshot {
  readonly layers: readonly LayerDraft[];
  readonly weights: ModelFile | null;
  readonly pinned: NetworkState['pinned'];
  readonly name: string | null;
  readonly sampleInput: number[] | null;
  readonly imported: ImportReport | null;
  readonly manualInputs: number;
}

export class NetworkState {
  layers = $state<LayerDraft[]>([]);
  initializer = $state<InitializerName>('glorot_uniform');
  seed = $state(42);
  /** Inputs when no dataset is open and no model is loaded. */
  manualInputs = $state(2);
  /** Standardise numeric inputs with the dataset's mean and std (as training does); off: raw values go in. */
  scaleInputs = $state(true);
  /**
   * The arithmetic predictions run in, saved in the model file as "arithmetic": float64 (exact, the engine's) or
   * float32 (the fast mode: about 1.7× faster, not exact). A loaded model brings its own.
   */
  arithmetic = $state<'float64' | 'float32'>('float64');
  /** Name shown in the title and offered when saving (model file or example name). */
  name = $state<string | null>(null);
  /** A row to push through the network (from an example, pasted weights, or typed), in network input order. */
  sampleInput = $state.raw<number[] | null>(null);
  /** A course example's rows (E3 has four), shown each with its output; cleared by any other load. */
  exampleRows = $state.raw<CourseExample['rows'] | null>(null);
  /** Weights loaded or edited last; used while they fit the architecture. */
  #weights = $state.raw<ModelFile | null>(null);
  /** Input/output specs of a loaded model, which take precedence over the dataset's choices. */
  pinned = $state.raw<{ inputs: InputSpec[]; output: OutputSpec } | null>(null);
  /** What an import from Keras, TF.js or ONNX read (set after `load` by the open flow; any other load clears it). */
  imported = $state.raw<ImportReport | null>(null);
  #nextKey = 1;
  /** Called before each edit the person makes, with its label (the workspace records an undo step). */
  onBeforeEdit: ((label: string, merge?: string) => void) | null = null;

  readonly dataset: DatasetState;

  constructor(dataset: DatasetState) {
    this.dataset = dataset;
    this.layers = [this.#draft(8, 'relu'), this.#draft(1, 'linear')];
  }

  inputs = $derived.by<InputSpec[]>(() => {
    if (this.pinned) return this.pinned.inputs;
    const d = this.dataset;
    if (d.summary) return specsFromColumns(d.inputs, (name) => (d.categorical[name] ?? 'one-hot') === 'one-hot', this.scaleInputs);
    return genericSpecs(this.manualInputs);
  });
  inputSize = $derived(specsWidth(this.inputs));
  output = $derived.by<OutputSpec>(() => {
    if (this.pinned) return this.pinned.output;
    const target = this.dataset.target;
    const classes = this.dataset.classes;
    return { name: target?.name ?? 'y', task: this.dataset.task ?? 'regression', ...(classes.length > 0 ? { classes: [...classes] } : {}) };
  });
  /** Keras-style summary; a loaded or trained model's Dropout layers appear as their own rows. */
  summary = $derived(summarize({ inputSize: this.inputSize, layers: this.layers.map((l, k) => ({ ...l, dropout: this.model?.layers[k]?.dropout })) }));
  /** Why no model can be built right now (null when it can). */
  problem = $derived.by<string | null>(() => {
    if (this.inputSize < 1) return 'Choose at least one input column.';
    if (this.layers.length === 0) return 'Add at least one layer.';
    const bad = this.layers.findIndex((l) => !Number.isInteger(l.units) || l.units < 1 || l.units > MAX_UNITS);
    if (bad >= 0) return `Layer ${bad + 1}: units must be a whole number from 1 to ${MAX_UNITS}.`;
    const softmax = this.layers.findIndex((l, k) => l.activation === 'softmax' && k < this.layers.length - 1);
    if (softmax >= 0) return `Layer ${softmax + 1}: softmax belongs on the last layer only.`;
    return null;
  });
  /** The network with weights, as a model file: what the inspection views, predict and save use. */
  model = $derived.by<ModelFile | null>(() => {
    if (this.problem) return null;
    const units = this.layers.map((l) => l.units);
    const w = this.#weights;
    const arithmetic = this.arithmetic === 'float32' ? { arithmetic: 'float32' as const } : {};
    if (w && weightsFit(w, this.inputSize, units)) {
      const { arithmetic: _loaded, ...rest } = w;
      return { ...rest, ...arithmetic, inputs: this.inputs, output: this.output, layers: w.layers.map((l, k) => ({ ...l, activation: this.layers[k].activation })) };
    }
    const net = createNetwork({
      inputSize: this.inputSize,
      layers: this.layers.map((l) => ({ units: l.units, activation: l.activation })),
      initializer: this.initializer,
      seed: this.seed,
    });
    return { ...modelFromNetwork(net, this.inputs, this.output), ...arithmetic };
  });

  /**
   * THE way a whole model enters the workspace (model file, course example, pasted weights, trained model):
   * its architecture, weights and input/output specs — with the input scaling they were fitted with — are
   * kept together (pinned) until the person changes the architecture or chooses the dataset's inputs.
   */
  load(model: ModelFile, name: string | null, sampleInput: number[] | null = null): void {
    this.onBeforeEdit?.(`Load ${name ?? 'a model'}`);
    this.#weights = model;
    this.arithmetic = model.arithmetic ?? 'float64';
    this.layers = model.layers.map((l) => this.#draft(l.units, l.activation));
    this.pinned = { inputs: [...model.inputs], output: model.output };
    this.name = name;
    this.sampleInput = sampleInput;
    this.exampleRows = null;
    this.imported = null;
  }

  /**
   * A view edited the CURRENT model in place (a weight, a bias, a hidden activation): only those numbers and
   * activations change. Its input/output specs are ignored — the workspace's own (pinned or the dataset's)
   * stay — so an edit can never swap a model's fitted scaling for other specs. A model of another shape is
   * refused (use `load`).
   */
  applyEdit(edited: ModelFile): boolean {
    const units = this.layers.map((l) => l.units);
    if (!weightsFit(edited, this.inputSize, units)) return false;
    this.onBeforeEdit?.('Edit the weights');
    this.#weights = edited;
    edited.layers.forEach((l, k) => {
      if (this.layers[k].activation !== l.activation) this.layers[k].activation = l.activation;
    });
    return true;
  }

  /**
   * Build on the dataset's chosen inputs again. The loaded weights go too: they only make sense with the
   * scaling they were fitted with, so the network starts again from seeded weights.
   */
  unpin(): void {
    if (this.pinned) this.#weights = null;
    this.pinned = null;
    this.sampleInput = null;
  }

  addLayer(): void {
    this.onBeforeEdit?.('Add a layer');
    const last = this.layers.length;
    this.layers.splice(Math.max(0, last - 1), 0, this.#draft(8, 'relu'));
  }

  removeLayer(index: number): void {
    this.onBeforeEdit?.(`Remove layer ${index + 1}`);
    this.layers.splice(index, 1);
  }

  /** Moves layer `index` up (−1) or down (+1). */
  moveLayer(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.layers.length) return;
    this.onBeforeEdit?.(`Move layer ${index + 1}`);
    const [layer] = this.layers.splice(index, 1);
    this.layers.splice(to, 0, layer);
  }

  /**
   * Makes the output layer fit the task (Keras habits): regression 1 linear unit, binary 1 sigmoid unit,
   * multiclass one softmax unit per class. Hidden layers are left alone.
   */
  fitOutput(task: Task | null, classes: number): void {
    if (!task || this.pinned) return;
    const [units, activation]: [number, ActivationName] =
      task === 'regression' ? [1, 'linear'] : task === 'binary' ? [1, 'sigmoid'] : [Math.max(2, classes), 'softmax'];
    const last = this.layers[this.layers.length - 1];
    if (!last) this.layers.push(this.#draft(units, activation));
    else if (last.units !== units || last.activation !== activation) {
      last.units = units;
      last.activation = activation;
    }
  }

  /** Sets the architecture from a list of layers (e.g. "10 → 8 relu → 1"), dropping old weights. */
  setLayers(layers: readonly { units: number; activation: ActivationName }[]): void {
    this.onBeforeEdit?.('Set the layers');
    this.#weights = null;
    this.layers = layers.map((l) => this.#draft(l.units, l.activation));
  }

  /** The person changed a layer's units or activation in the builder (typing into one field is one undo step). */
  editLayer(index: number, change: { units?: number; activation?: ActivationName }): void {
    const layer = this.layers[index];
    if (!layer) return;
    const what = change.units !== undefined ? 'units' : 'activation';
    this.onBeforeEdit?.(`Change the ${what} of layer ${index + 1}`, `${what}-${layer.key}`);
    if (change.units !== undefined) layer.units = change.units;
    if (change.activation !== undefined) layer.activation = change.activation;
  }

  /** The editable state now, for undo. */
  snapshot(): NetworkSnapshot {
    return {
      layers: this.layers.map((l) => ({ ...l })),
      weights: this.#weights,
      pinned: this.pinned,
      name: this.name,
      sampleInput: this.sampleInput,
      imported: this.imported,
      manualInputs: this.manualInputs,
    };
  }

  /** Puts back a snapshot (undo / redo); records nothing. */
  restore(s: NetworkSnapshot): void {
    this.layers = s.layers.map((l) => ({ ...l }));
    this.#weights = s.weights;
    this.pinned = s.pinned;
    this.name = s.name;
    this.sampleInput = s.sampleInput;
    this.imported = s.imported;
    this.manualInputs = s.manualInputs;
  }

  #draft(units: number, activation: ActivationName): LayerDraft {
    return { key: this.#nextKey++, units, activation };
  }
}
