// The runs store keeps every finished run across restarts, writes atomically, and keeps a damaged run file aside
// (reported in one sentence naming it) while the other runs still load.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunsStore, type NewRun } from '../../../../src-main/services/runs/runs-store';
import { INDEX_FILE } from '../../../../src-main/services/runs/runs-index';
import { asideName } from '../../../../src-main/services/files/corrupt-file';
import { loadDatasetFromBytes } from '../../../../src-main/services/datasets';
import { runTrainingJob } from '../../../../src-shared/jobs/train';
import { resolveTrainingSettings } from '../../../../src-shared/jobs/train-settings';
import { readModelFile } from '../../../../src-shared/model-file/read';

const root = mkdtempSync(join(tmpdir(), 'dense-lab-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const when = new Date(Date.UTC(2026, 11, 7, 16, 30, 0));

/** Two real runs of a tiny network on a small CSV (different seeds, so their models differ). */
const runs: NewRun[] = [];
beforeAll(async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(i * 7) % 5},${(2 * i) / 10 + 1}`);
  const data = await loadDatasetFromBytes(new TextEncoder().encode(`x,z,y\n${rows.join('\n')}\n`), 'line.csv');
  if (!data.ok) throw new Error(data.error.message);
  for (const seed of [1, 2]) {
    const s = resolveTrainingSettings({ target: 'y', hidden: [{ units: 3, activation: 'tanh' }], epochs: 4, seed, baseline: true });
    if (!s.ok) throw new Error(s.error.message);
    const outcome = runTrainingJob(data.value, s.value);
    if (!outcome.ok) throw new Error(outcome.error.message);
    runs.push({ seconds: 0.25 * seed, dataset: 'line.csv', outcome: outcome.value });
  }
});

describe('runs store', () => {
  it('a new store over the same folder (a restart) lists the runs with their curves, metrics and model', async () => {
    const folder = join(mkdtempSync(join(root, 'restart-')), 'runs');
    const store = createRunsStore(folder, () => when);
    const a = await store.add(runs[0]);
    const b = await store.add(runs[1]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.value.number, b.value.number]).toEqual([1, 2]);

    const again = createRunsStore(folder);
    expect(again.problems).toEqual([]);
    const listed = again.list();
    expect(listed.map((r) => r.id)).toEqual([a.value.id, b.value.id]);
    expect(listed[1].outcome.history).toEqual(runs[1].outcome.history);
    expect(listed[1].outcome.network.train.loss).toBe(runs[1].outcome.network.train.loss);
    expect(listed[0].outcome.baseline?.train.r2).toBe(runs[0].outcome.baseline?.train.r2);
    expect(listed[1].seconds).toBe(0.5);
    expect(listed[1].settings.seed).toBe(2);
    const full = await again.get(b.value.id);
    expect(full.ok && full.value.modelText).toBe(runs[1].outcome.modelText);
    expect(full.ok && readModelFile(full.value.modelText).ok).toBe(true);
  });

  it('writes each run atomically: only whole run files (and the index), no temporary file left', async () => {
    const folder = join(mkdtempSync(join(root, 'atomic-')), 'runs');
    const store = createRunsStore(folder);
    await store.add(runs[0]);
    const names = readdirSync(folder).filter((n) => n !== INDEX_FILE);
    expect(readdirSync(folder)).toContain(INDEX_FILE);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^run-\d{8}T\d{6}Z-[0-9a-f]{6}\.json$/);
    expect(() => JSON.parse(readFileSync(join(folder, names[0]), 'utf8'))).not.toThrow();
  });

  it('a write that fails (a read-only place) answers a sentence, keeps nothing half-written, and the store goes on', async () => {
    // root ignores folder permissions; /sys refuses new files even to root.
    const root0 = process.getuid?.() === 0;
    const folder = root0 ? '/sys/dense-lab-runs' : join(mkdtempSync(join(root, 'readonly-')), 'runs');
    const store = createRunsStore(folder);
    if (!root0) {
      await store.add(runs[0]);
      chmodSync(folder, 0o555);
    }
    const before = store.list().length;
    try {
      const r = await store.add(runs[1]);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toMatch(/^Dense Lab may not write to \S+( \(permission denied\)|: it is on a read-only disk)/);
        expect(r.error.message).not.toMatch(/\bE[A-Z]{3,}\b/);
        expect(r.error.detail).toMatch(/EACCES|EPERM|EROFS/);
      }
      if (!root0) expect(readdirSync(folder)).toHaveLength(1);
      expect(store.list()).toHaveLength(before);
    } finally {
      if (!root0) chmodSync(folder, 0o755);
    }
  });

  it('a damaged run file is kept aside and reported by name; the other runs still load', async () => {
    const folder = join(mkdtempSync(join(root, 'corrupt-')), 'runs');
    const store = createRunsStore(folder);
    const good = await store.add(runs[0]);
    const bad = await store.add(runs[1]);
    if (!good.ok || !bad.ok) throw new Error('add failed');
    const badFile = join(folder, `${bad.value.id}.json`);
    const cut = readFileSync(badFile, 'utf8').slice(0, 200);
    writeFileSync(badFile, cut);

    const again = createRunsStore(folder, () => when);
    expect(again.list().map((r) => r.id)).toEqual([good.value.id]);
    expect(again.problems).toHaveLength(1);
    expect(again.problems[0]).toBe(
      `The run file ${badFile} could not be read (it is not valid JSON); it was kept as ${asideName(badFile, when)} and the other runs are listed.`,
    );
    expect(existsSync(badFile)).toBe(false);
    expect(readFileSync(asideName(badFile, when), 'utf8')).toBe(cut);
    // The next run does not reuse the kept run's number 1.
    const next = await again.add(runs[1]);
    expect(next.ok && next.value.number).toBe(2);
  });

  it('a run file whose model is damaged is kept aside too, with the model error as the reason', async () => {
    const folder = join(mkdtempSync(join(root, 'model-')), 'runs');
    const store = createRunsStore(folder);
    const r = await store.add(runs[0]);
    if (!r.ok) throw new Error('add failed');
    const file = join(folder, `${r.value.id}.json`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...json, modelText: '{"format": "nope"}' }));
    const again = createRunsStore(folder, () => when);
    expect(again.list()).toEqual([]);
    expect(again.problems[0]).toMatch(/^The run file .* could not be read \(its model file is damaged: .*\); it was kept as .*corrupt-2026-12-07T16-30-00Z/);
  });

  it('a restart lists from the index and reads whole only the run files changed since; a lost index is rebuilt', async () => {
    const folder = join(mkdtempSync(join(root, 'index-')), 'runs');
    const store = createRunsStore(folder);
    const a = await store.add(runs[0]);
    const b = await store.add(runs[1]);
    if (!a.ok || !b.ok) throw new Error('add failed');
    const fileB = join(folder, `${b.value.id}.json`);
    // A whole second as the file's time, so it can be set back exactly below.
    const second = new Date(Date.UTC(2026, 0, 1));
    utimesSync(fileB, second, second);
    const reread = createRunsStore(folder);
    expect(reread.list().map((r) => r.id)).toEqual([a.value.id, b.value.id]);
    await reread.flush();

    // The same size and time as indexed: the opening takes the index's word and does not read the file...
    writeFileSync(fileB, 'x'.repeat(statSync(fileB).size));
    utimesSync(fileB, second, second);
    const lazy = createRunsStore(folder, () => when);
    expect(lazy.problems).toEqual([]);
    expect(lazy.list().map((r) => r.id)).toEqual([a.value.id, b.value.id]);
    expect(lazy.list()[1].outcome.history).toEqual(runs[1].outcome.history);
    // ...its model text is read when the run is asked for, and the damage is named then.
    const got = await lazy.get(b.value.id);
    expect(got.ok ? 'read' : got.error.message).toBe(`The run file ${fileB} is no longer valid JSON; it was changed outside Dense Lab.`);
    expect((await lazy.get(a.value.id)).ok).toBe(true);

    // Without its index (or with a damaged one) every run file is read whole again: the damage is found and kept aside.
    writeFileSync(join(folder, INDEX_FILE), '{ not json');
    const rebuilt = createRunsStore(folder, () => when);
    expect(rebuilt.list().map((r) => r.id)).toEqual([a.value.id]);
    expect(rebuilt.problems).toEqual([`The run file ${fileB} could not be read (it is not valid JSON); it was kept as ${asideName(fileB, when)} and the other runs are listed.`]);
    await rebuilt.flush();
    const index = JSON.parse(readFileSync(join(folder, INDEX_FILE), 'utf8')) as { runs: Record<string, unknown> };
    expect(Object.keys(index.runs)).toEqual([a.value.id]);
  });

  it('a runs "folder" that is a file is kept aside and a new folder is started', async () => {
    const folder = join(mkdtempSync(join(root, 'file-')), 'runs');
    writeFileSync(folder, 'not a folder');
    const store = createRunsStore(folder, () => when);
    expect(store.problems[0]).toMatch(/^The runs folder .*runs could not be read \(it is a file, not a folder\); it was kept as .*runs\.corrupt-/);
    const r = await store.add(runs[0]);
    expect(r.ok).toBe(true);
    expect(createRunsStore(folder).list()).toHaveLength(1);
  });

  it('delete removes a run for good after a restart, and can be undone before one', async () => {
    const folder = join(mkdtempSync(join(root, 'delete-')), 'runs');
    const store = createRunsStore(folder);
    const a = await store.add(runs[0]);
    const b = await store.add(runs[1]);
    if (!a.ok || !b.ok) throw new Error('add failed');
    expect(await store.remove(a.value.id)).toEqual({ ok: true, value: { deleted: true } });
    expect(store.list().map((r) => r.id)).toEqual([b.value.id]);
    const back = await store.undelete(a.value.id);
    expect(back.ok && back.value.number).toBe(1);
    expect(createRunsStore(folder).list().map((r) => r.id)).toEqual([a.value.id, b.value.id]);
    await store.remove(b.value.id);
    const restarted = createRunsStore(folder);
    expect(restarted.list().map((r) => r.id)).toEqual([a.value.id]);
    expect((await restarted.undelete(b.value.id)).ok).toBe(false);
  });

  it('without a folder keeps runs in memory (delete and undo too)', async () => {
    const store = createRunsStore(null);
    const a = await store.add(runs[0]);
    if (!a.ok) throw new Error('add failed');
    const got = await store.get(a.value.id);
    expect(got.ok && got.value.modelText).toBe(runs[0].outcome.modelText);
    await store.remove(a.value.id);
    expect(store.list()).toEqual([]);
    expect((await store.undelete(a.value.id)).ok).toBe(true);
    expect(store.list()).toHaveLength(1);
  });
});
