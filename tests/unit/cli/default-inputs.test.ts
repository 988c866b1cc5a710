/**
 * `train` without `--inputs` takes the inputs the app ticks for the same file (one rule: src-shared/data/
 * column-suggestions.ts `defaultInputs`): on an order list with a row ID, a date and free text, both leave those out,
 * and the plan's notes say which columns and why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../../../src-main/cli/train';
import { loadDataset } from '../../../src-main/services/datasets';
import type { DatasetSummary } from '../../../src-shared/api/types';
import type { DatasetState as DatasetStateType } from '../../../src-renderer/lib/state/dataset.svelte';
import { importRunesModule } from '../renderer/runes-module';
import { runCommand } from './run-command';

const { DatasetState } = await importRunesModule<{ DatasetState: typeof DatasetStateType }>('src-renderer/lib/state/dataset.svelte.ts');
const orders = resolve(import.meta.dirname, '../../fixtures/defaults/orders.csv');
const dir = mkdtempSync(join(tmpdir(), 'dense-lab-default-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The summary main hands the app for a loaded file (src-main/api/handlers.ts `summary`). */
async function appSummary(path: string): Promise<DatasetSummary> {
  const loaded = await loadDataset(path);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const d = loaded.value;
  return { id: 'd1', name: 'orders.csv', path, rows: d.rows, cols: d.cols, columns: d.columns, warnings: d.warnings, delimiter: d.delimiter, encoding: d.encoding, header: d.header, decimal: d.decimal, firstDataLine: d.firstDataLine, bytes: 0, seconds: 0 };
}

describe('train without --inputs', () => {
  it('uses the inputs the app ticks: the row ID, the date and the free text are left out, with the reasons', async () => {
    const state = new DatasetState();
    state.show(await appSummary(orders), 'qty');
    const appInputs = state.inputs.map((c) => c.name);
    const r = await runCommand(trainCommand, '--data', orders, '--target', 'qty', '--layers', '4:tanh', '--epochs', '2', '--out', join(dir, 'orders.dlmodel.json'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { plan: { inputs: string[]; notes: string[] } };
    expect(out.plan.inputs).toEqual(appInputs);
    expect(appInputs).toEqual(['price', 'region']);
    const note = out.plan.notes.find((n) => n.startsWith('left out '));
    expect(note).toMatch(/order_id \(named like an ID/);
    expect(note).toMatch(/placed \(a date/);
    expect(note).toMatch(/note \(/);
    expect(r.stderr).toContain('note: left out order_id');
  });
});
