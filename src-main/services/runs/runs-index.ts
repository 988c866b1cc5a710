/**
 * The runs folder's index (index.json): for every run file, its size and modification time when it was last read
 * whole and checked, and its summary (the run without its model text). Opening the store lists the runs from it
 * and reads whole, and checks again, only a run file whose size or time differ (written or changed since), so
 * listing 50 runs of a 256-128 network costs a few milliseconds instead of parsing 40 MB of model text.
 *
 * The index is a cache of the run files, which stay the record: it is written atomically after every change, and
 * one that is missing, unreadable or of another version is rebuilt from the run files, so nothing is lost with it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../../src-shared/api/runs';
import { writeWholeFileAtomically } from '../files/atomic-file';
import { readWholeFileSync } from '../files/read-whole-file';

export const INDEX_FILE = 'index.json';
const FORMAT = 'dense-lab-runs-index';
const VERSION = 1;
/** An index larger than this is not read (the runs are read from their files instead). */
const MAX_INDEX_BYTES = 64 << 20;

/** A run file's size and modification time: when both match the index's, the file is the one indexed. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface IndexEntry extends FileStamp {
  readonly summary: RunSummary;
}

/** The stamp of `file`, or null when it cannot be read. */
export function stampOf(file: string): FileStamp | null {
  try {
    const s = statSync(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs;

/** The entries of `folder`'s index by run id; none when it is missing or cannot be read (it is then rebuilt). */
export function readIndex(folder: string): Map<string, IndexEntry> {
  const entries = new Map<string, IndexEntry>();
  const bytes = readWholeFileSync(join(folder, INDEX_FILE), { maxBytes: MAX_INDEX_BYTES, what: 'runs index' });
  if (!bytes.ok) return entries;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.value));
  } catch {
    return entries;
  }
  const index = raw as { format?: unknown; version?: unknown; runs?: unknown };
  if (typeof raw !== 'object' || raw === null || index.format !== FORMAT || index.version !== VERSION) return entries;
  if (typeof index.runs !== 'object' || index.runs === null) return entries;
  for (const [id, value] of Object.entries(index.runs as Record<string, unknown>)) {
    const e = value as Partial<IndexEntry> | null;
    const s = e?.summary as Partial<RunSummary> | undefined;
    if (!e || typeof e.size !== 'number' || typeof e.mtimeMs !== 'number' || typeof s !== 'object' || s === null) continue;
    // the summary was checked (checkRun) when it was indexed; these guard against an index edited by hand
    if (s.id !== id || !Number.isInteger(s.number) || typeof s.outcome !== 'object' || s.outcome === null) continue;
    entries.set(id, { size: e.size, mtimeMs: e.mtimeMs, summary: s as RunSummary });
  }
  return entries;
}

/**
 * Writes of one folder's index, one after the other, each of the entries as they are when it starts (so a burst of
 * changes ends with the last state). A failed write is ignored: the next opening reads those run files whole.
 */
export function indexWriter(folder: string, current: () => ReadonlyMap<string, IndexEntry>): () => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return () => {
    queue = queue
      .then(async () => {
        const runs = Object.fromEntries(current());
        await writeWholeFileAtomically(join(folder, INDEX_FILE), `${JSON.stringify({ format: FORMAT, version: VERSION, runs })}\n`);
      })
      .catch(() => undefined);
    return queue;
  };
}
