import { describe, expect, it } from 'vitest';
import type { InputSpec, ModelFile } from '../../../src-shared/model-file/types';
import type { ColumnInfo } from '../../../src-shared/data/dataset';
import type { NetworkState as NetworkStateType } from '../../../src-renderer/lib/state/network.svelte';
import { importRunesModule } from './runes-module';

const { NetworkState } = await importRunesModule<{ NetworkState: typeof NetworkStateType }>('src-renderer/lib/state/network.svelte.ts');

const column = (name: string): ColumnInfo => ({ name, type: 'numeric', missing: 0, min: 0, max: 10, mean: 5, std: 2 });

/** The slice of DatasetState that NetworkState reads: a dataset with numeric inputs a, b and target y. */
function dataset() {
  return {
    summary: { columns: [column('a'), column('b'), column('y')] },
    inputs: [column('a'), column('b')],
    categorical: {},
    target: column('y'),
    task: 'regression' as const,
    classes: [] as string[],
  };
}

/** The specs a network built on that dataset gets by default: each column's mean and std. */
const datasetScaled: InputSpec[] = [{ name: 'a', scale: { mean: 5, std: 2 } }, { name: 'b', scale: { mean: 5, std: 2 } }];

/** A trained 2 → 1 model whose inputs carry fitted scaling. */
const scaled: InputSpec[] = [{ name: 'a', scale: { mean: 5, std: 2 } }, { name: 'b', scale: { mean: 1, std: 0.5 } }] as InputSpec[];
const trained: ModelFile = {
  format: 'dense-lab/model', version: 1, inputs: scaled, output: { name: 'y', task: 'regression' },
  layers: [{ units: 1, activation: 'linear', kernel: [[0.5], [-1.5]], bias: [0.25] }],
} as ModelFile;

function fresh(): NetworkStateType {
  return new NetworkState(dataset() as never);
}

describe('NetworkState: loading a model into the workspace', () => {
  it('load keeps the model’s fitted input scaling, not the dataset’s unscaled specs', () => {
    const net = fresh();
    expect(net.model?.inputs).toEqual(datasetScaled);
    net.load(trained, 'Trained model');
    expect(net.model?.inputs).toEqual(scaled);
    expect(net.model?.layers[0].kernel).toEqual([[0.5], [-1.5]]);
  });

  it('an edit from a view changes the numbers and keeps the scaling, even if the edited copy lost it', () => {
    const net = fresh();
    net.load(trained, 'Trained model');
    const edited: ModelFile = { ...trained, inputs: [{ name: 'a' }, { name: 'b' }], layers: [{ ...trained.layers[0], kernel: [[3], [-1.5]] }] };
    expect(net.applyEdit(edited)).toBe(true);
    expect(net.model?.inputs).toEqual(scaled);
    expect(net.model?.layers[0].kernel).toEqual([[3], [-1.5]]);
    expect(net.name).toBe('Trained model');
  });

  it('an edit of another shape is refused (a whole model goes through load)', () => {
    const net = fresh();
    net.load(trained, 'Trained model');
    const wider = { ...trained, layers: [{ units: 2, activation: 'linear', kernel: [[1, 2], [3, 4]], bias: [0, 0] }] } as ModelFile;
    expect(net.applyEdit(wider)).toBe(false);
    expect(net.model?.layers[0].kernel).toEqual([[0.5], [-1.5]]);
  });

  it('an edited activation reaches the layer list', () => {
    const net = fresh();
    net.load(trained, null);
    net.applyEdit({ ...trained, layers: [{ ...trained.layers[0], activation: 'tanh' }] });
    expect(net.layers[0].activation).toBe('tanh');
    expect(net.model?.layers[0].activation).toBe('tanh');
  });

  it('using the dataset’s inputs again drops the trained weights instead of pairing them with unscaled inputs', () => {
    const net = fresh();
    net.load(trained, 'Trained model');
    net.unpin();
    expect(net.model?.inputs).toEqual(datasetScaled);
    expect(net.model?.layers[0].kernel).not.toEqual([[0.5], [-1.5]]);
  });

  it('a network built on a dataset standardises its inputs with the dataset’s mean and std by default; switched off, raw values go in', () => {
    const net = fresh();
    expect(net.scaleInputs).toBe(true);
    expect(net.model?.inputs).toEqual(datasetScaled);
    net.scaleInputs = false;
    expect(net.model?.inputs).toEqual([{ name: 'a' }, { name: 'b' }]);
  });
});
