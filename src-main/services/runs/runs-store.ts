/**
 * The runs store: every finished training run, kept in a folder beside the settings (Electron's user-data
 * folder; browser mode's --data-dir; tests a temporary folder), one JSON file per run written atomically
 * (atomic-file.ts), so a crash leaves a run whole or absent. Each file holds the run's settings, curves, metrics
 * per split, model file text, duration and date. A file that cannot be read as a run is kept aside
 * (corrupt-file.ts) and reported in one sentence naming it; the other runs still load. A deleted run moves to
 * `deleted/` until the next start, so deleting can be undone while Dense Lab runs. Opening the store lists the runs
 * from the folder's index (runs-index.ts) and reads whole only the run files written or changed since it was
 * written; a run's model text is read when the run is asked for (get).
 */
import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunOutcome, RunSummary, StoredRun } from '../../../src-shared/api/runs';
import { readModelFile } from '../../../src-shared/model-file/read';
import { err, ok, type Result } from '../../../src-shared/result';
import { writeWholeFileAtomically } from '../files/atomic-file';
import { keepAside } from '../files/corrupt-file';
import { fileError } from '../files/plain-errors';
import { readWholeFileSync, readWholeText } from '../files/read-whole-file';
import { indexWriter, readIndex, sameStamp, stampOf, type FileStamp, type IndexEntry } from './runs-index';

/** The file format's name and version, in every run file. */
const FORMAT = 'dense-lab-run';
const VERSION = 1;
/** The most a run file may hold (the model file's text is most of it). */
const MAX_RUN_BYTES = 256 << 20;
const RUN_FILE = /^(run-[A-Za-z0-9_-]{1,56})\.json$/;

/** What the store is given for a new run (the id, number and date it chooses). */
export interface NewRun {
  readonly seconds: number;
  readonly dataset: string;
  readonly outcome: RunOutcome & { readonly modelText: string; readonly model?: unknown };
}

export interface RunsStore {
  /** The folder the runs are in (null: memory only). */
  readonly folder: string | null;
  /** One sentence per file that could not be read and was kept aside, found when the store was opened. */
  readonly problems: readonly string[];
  list(): RunSummary[];
  get(runId: string): Promise<Result<StoredRun>>;
  add(run: NewRun): Promise<Result<RunSummary>>;
  remove(runId: string): Promise<Result<{ deleted: boolean }>>;
  undelete(runId: string): Promise<Result<RunSummary>>;
  /** Resolves when the folder's index is written with every change so far. */
  flush(): Promise<void>;
}

/** The summary part of a stored run (without its model text). */
function summaryOf(run: StoredRun): RunSummary {
  const { modelText: _text, ...summary } = run;
  return summary;
}

/** A stored run from a file's parsed JSON, or why it is not one. */
export function checkRun(raw: unknown, runId: string): { ok: true; run: StoredRun } | { ok: false; why: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, why: 'it is not a JSON object' };
  const r = raw as Record<string, unknown>;
  if (r.format !== FORMAT) return { ok: false, why: `it is not a Dense Lab run (format is not '${FORMAT}')` };
  if (r.version !== VERSION) return { ok: false, why: `it is a run file of version ${String(r.version)}, this Dense Lab reads version ${VERSION}` };
  if (r.id !== runId) return { ok: false, why: `its id is not ${runId}` };
  if (!Number.isInteger(r.number) || (r.number as number) < 1) return { ok: false, why: 'its number is missing' };
  if (typeof r.date !== 'string' || Number.isNaN(Date.parse(r.date))) return { ok: false, why: 'its date is missing' };
  if (typeof r.seconds !== 'number' || typeof r.dataset !== 'string') return { ok: false, why: 'its duration or dataset name is missing' };
  if (typeof r.settings !== 'object' || r.settings === null) return { ok: false, why: 'its settings are missing' };
  const o = r.outcome as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.history)) return { ok: false, why: 'its curves are missing' };
  const network = o.network as Record<string, unknown> | undefined;
  if (typeof network !== 'object' || network === null || typeof network.train !== 'object') return { ok: false, why: 'its metrics are missing' };
  if (typeof r.modelText !== 'string') return { ok: false, why: 'its model file is missing' };
  const model = readModelFile(r.modelText);
  if (!model.ok) return { ok: false, why: `its model file is damaged: ${model.error.message.replace(/\.$/, '')}` };
  return { ok: true, run: raw as StoredRun };
}

/** A fresh run id: the date and a random tail, sortable by date. */
function newRunId(now: Date): string {
  return `run-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** A runs store over `folder` (null: memory only, for tests and a browser bridge without --data-dir). */
export function createRunsStore(folder: string | null, now: () => Date = () => new Date()): RunsStore {
  const summaries = new Map<string, RunSummary>();
  /** Size and time of each run file when it was last read whole or written (folder only). */
  const stamps = new Map<string, FileStamp>();
  /** Memory-only store: the whole runs. */
  const memory = new Map<string, StoredRun>();
  const deletedInMemory = new Map<string, StoredRun>();
  const problems: string[] = [];
  let target = folder;
  const fileOf = (runId: string) => join(target ?? '', `${runId}.json`);
  const trashOf = (runId: string) => join(target ?? '', 'deleted', `${runId}.json`);

  if (folder && existsSync(folder) && !lstatSync(folder).isDirectory()) {
    const kept = keepAside(folder, 'runs folder', 'it is a file, not a folder', now(), 'a new runs folder is started');
    problems.push(kept.message);
    if (kept.aside === null) target = null;
  }
  const entries = () => {
    const out = new Map<string, IndexEntry>();
    for (const [id, summary] of summaries) {
      const stamp = stamps.get(id);
      if (stamp) out.set(id, { ...stamp, summary });
    }
    return out;
  };
  const saveIndex = target ? indexWriter(target, entries) : async () => undefined;
  /** Notes the stamp of a run file just written or moved back (none: the next opening reads it whole). */
  const restamp = (runId: string) => {
    const stamp = stampOf(fileOf(runId));
    if (stamp) stamps.set(runId, stamp);
    else stamps.delete(runId);
  };
  if (target && existsSync(target)) {
    // Deleted runs could be undone only until now.
    rmSync(join(target, 'deleted'), { recursive: true, force: true });
    const index = readIndex(target);
    let changed = false;
    for (const name of readdirSync(target).sort()) {
      const m = RUN_FILE.exec(name);
      if (!m) continue;
      const file = join(target, name);
      const indexed = index.get(m[1]);
      const stamp = stampOf(file);
      if (indexed && stamp && sameStamp(indexed, stamp)) {
        summaries.set(m[1], indexed.summary);
        stamps.set(m[1], stamp);
        continue;
      }
      changed = true;
      const read = readRunSync(file, m[1]);
      if (read.ok) {
        summaries.set(m[1], summaryOf(read.run));
        if (stamp) stamps.set(m[1], stamp);
      } else problems.push(keepAside(file, 'run file', read.why, now(), 'the other runs are listed').message);
    }
    if (changed || index.size !== summaries.size) void saveIndex();
  }

  const nextNumber = () => Math.max(0, ...[...summaries.values()].map((r) => r.number)) + 1;
  const missing = (runId: string): Result<never> => err({ kind: 'api/not-found', message: `There is no kept run '${runId}' (it was deleted).`, path: 'args.runId' });

  return {
    folder: target,
    problems,
    list: () => [...summaries.values()].sort((a, b) => a.number - b.number),
    async get(runId) {
      if (!summaries.has(runId)) return missing(runId);
      if (!target) return ok(memory.get(runId) as StoredRun);
      const file = fileOf(runId);
      const text = await readWholeText(file, { maxBytes: MAX_RUN_BYTES, what: 'run file' });
      if (!text.ok) return text;
      let raw: unknown;
      try {
        raw = JSON.parse(text.value);
      } catch {
        return err({ kind: 'runs/corrupt', message: `The run file ${file} is no longer valid JSON; it was changed outside Dense Lab.`, file });
      }
      const checked = checkRun(raw, runId);
      return checked.ok ? ok(checked.run) : err({ kind: 'runs/corrupt', message: `The run file ${file} cannot be read: ${checked.why}.`, file });
    },
    async add(run) {
      const date = now();
      const { modelText, model: _model, ...outcome } = run.outcome;
      const parsed = readModelFile(modelText);
      const settings = parsed.ok ? ((parsed.value.training?.settings as Record<string, unknown> | undefined) ?? {}) : {};
      const stored: StoredRun = { id: newRunId(date), number: nextNumber(), date: date.toISOString(), seconds: run.seconds, dataset: run.dataset, settings, outcome, modelText };
      if (target) {
        try {
          await mkdir(target, { recursive: true });
        } catch (e) {
          return err(fileError(e, 'write', target));
        }
        const written = await writeWholeFileAtomically(fileOf(stored.id), `${JSON.stringify({ format: FORMAT, version: VERSION, ...stored })}\n`);
        if (!written.ok) return written;
      } else memory.set(stored.id, stored);
      const summary = summaryOf(stored);
      summaries.set(stored.id, summary);
      if (target) {
        restamp(stored.id);
        await saveIndex();
      }
      return ok(summary);
    },
    async remove(runId) {
      if (!summaries.has(runId)) return ok({ deleted: false });
      if (target) {
        try {
          await mkdir(join(target, 'deleted'), { recursive: true });
          await rename(fileOf(runId), trashOf(runId));
        } catch (e) {
          return err(fileError(e, 'delete', fileOf(runId)));
        }
      } else {
        deletedInMemory.set(runId, memory.get(runId) as StoredRun);
        memory.delete(runId);
      }
      summaries.delete(runId);
      stamps.delete(runId);
      await saveIndex();
      return ok({ deleted: true });
    },
    flush: async () => {
      await saveIndex();
    },
    async undelete(runId) {
      if (summaries.has(runId)) return ok(summaries.get(runId) as RunSummary);
      if (!target) {
        const run = deletedInMemory.get(runId);
        if (!run) return missing(runId);
        deletedInMemory.delete(runId);
        memory.set(runId, run);
        summaries.set(runId, summaryOf(run));
        return ok(summaryOf(run));
      }
      const back = readRunSync(trashOf(runId), runId);
      if (!back.ok) return missing(runId);
      try {
        await rename(trashOf(runId), fileOf(runId));
      } catch (e) {
        return err(fileError(e, 'move', trashOf(runId)));
      }
      summaries.set(runId, summaryOf(back.run));
      restamp(runId);
      await saveIndex();
      return ok(summaryOf(back.run));
    },
  };
}

/** The run in `file`, or why it cannot be read. */
function readRunSync(file: string, runId: string): { ok: true; run: StoredRun } | { ok: false; why: string } {
  const bytes = readWholeFileSync(file, { maxBytes: MAX_RUN_BYTES, what: 'run file' });
  if (!bytes.ok) return { ok: false, why: bytes.error.message.replace(/\.$/, '') };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.value));
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  return checkRun(raw, runId);
}
