// One undo history for the workspace: network edits (weights, layers, loads over the network) as snapshots, typing
// into one field as one step, redo after undo, a new edit clearing redo, and keys: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y,
// never while typing in a text field.
import { describe, expect, it } from 'vitest';
import type { NetworkState as NetworkStateType } from '../../../src-renderer/lib/state/network.svelte';
import type * as UndoModule from '../../../src-renderer/lib/state/undo.svelte';
import type { ModelFile } from '../../../src-shared/model-file/types';
import { importRunesModule } from './runes-module';

const { NetworkState } = await importRunesModule<{ NetworkState: typeof NetworkStateType }>('src-renderer/lib/state/network.svelte.ts');
const { UndoHistory, networkStep, historyKey, isTextField } = await importRunesModule<typeof UndoModule>('src-renderer/lib/state/undo.svelte.ts');

/** No dataset: two manual inputs. */
const noDataset = () => ({ summary: null, inputs: [], categorical: {}, target: null, task: null, classes: [] as string[] });

function workspace() {
  const net = new NetworkState(noDataset() as never);
  const undo = new UndoHistory();
  net.onBeforeEdit = (label, merge) => undo.record(networkStep(net, label, net.snapshot(), merge));
  return { net, undo };
}
const units = (net: NetworkStateType) => net.layers.map((l) => l.units);

describe('undo history', () => {
  it('undoes and redoes layer edits; typing into one units field is one step', async () => {
    const { net, undo } = workspace();
    expect(units(net)).toEqual([8, 1]);
    net.editLayer(0, { units: 1 });
    net.editLayer(0, { units: 16 });
    net.addLayer();
    expect(units(net)).toEqual([16, 8, 1]);
    expect(undo.undoLabel).toBe('Add a layer');
    expect(await undo.undo()).toBe('Add a layer');
    expect(units(net)).toEqual([16, 1]);
    expect(undo.undoLabel).toBe('Change the units of layer 1');
    await undo.undo();
    expect(units(net)).toEqual([8, 1]);
    expect(await undo.undo()).toBeNull();
    expect(undo.redoLabel).toBe('Change the units of layer 1');
    await undo.redo();
    expect(units(net)).toEqual([16, 1]);
    await undo.redo();
    expect(units(net)).toEqual([16, 8, 1]);
    // a new edit after an undo: redo is gone
    await undo.undo();
    net.removeLayer(0);
    expect(undo.redoLabel).toBeNull();
  });

  it('a weight edit and a model loaded over an edited network come back, weights and all', async () => {
    const { net, undo } = workspace();
    net.editLayer(0, { activation: 'tanh' });
    const edited = structuredClone(net.model) as ModelFile;
    (edited.layers[1].kernel[0] as number[])[0] = 3;
    expect(net.applyEdit(edited)).toBe(true);
    expect(net.model?.layers[1].kernel[0][0]).toBe(3);
    const other = structuredClone(net.model) as ModelFile;
    const loaded: ModelFile = { ...other, layers: [{ ...other.layers[0], units: 1, kernel: [[0.5], [0.25]], bias: [0] }] };
    net.load(loaded, 'Example 1b');
    expect(units(net)).toEqual([1]);
    expect(undo.undoLabel).toBe('Load Example 1b');
    await undo.undo();
    expect(units(net)).toEqual([8, 1]);
    expect(net.name).toBeNull();
    expect(net.model?.layers[1].kernel[0][0]).toBe(3);
    expect(net.layers[0].activation).toBe('tanh');
    await undo.undo();
    expect(net.model?.layers[1].kernel[0][0]).not.toBe(3);
    await undo.redo();
    expect(net.model?.layers[1].kernel[0][0]).toBe(3);
  });

  it('knows the keys, and leaves text fields their own undo', () => {
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) => historyKey({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect(key('z')).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
    const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, isContentEditable: false, ...extra }) as unknown as EventTarget;
    expect(isTextField(el('INPUT', { type: 'text' }))).toBe(true);
    expect(isTextField(el('INPUT', { type: 'number' }))).toBe(true);
    expect(isTextField(el('TEXTAREA'))).toBe(true);
    expect(isTextField(el('DIV', { isContentEditable: true }))).toBe(true);
    expect(isTextField(el('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTextField(el('BUTTON'))).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});
