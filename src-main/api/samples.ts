/**
 * The bundled sample datasets: the CSV files of one folder (the shared real datasets), described by the
 * table in that folder's README.md when there is one. Found at run time by `findSamplesDir`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SampleInfo } from '../../src-shared/api';

/**
 * The first folder that exists of: $DENSE_LAB_SAMPLES, <resources>/samples (packaged app),
 * <appRoot>/samples (the samples committed with the app).
 */
export function findSamplesDir(appRoot: string, resourcesPath?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.DENSE_LAB_SAMPLES,
    resourcesPath ? join(resourcesPath, 'samples') : undefined,
    join(appRoot, 'samples'),
  ];
  for (const dir of candidates) {
    if (dir && existsSync(dir) && statSync(dir).isDirectory()) return dir;
  }
  return null;
}

/** The samples in `dir`, sorted by name (empty when dir is null or unreadable). */
export function listSamples(dir: string | null): SampleInfo[] {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.csv'));
  } catch {
    return [];
  }
  const notes = readmeTable(dir);
  return names.sort().map((name) => {
    const row = notes.get(name);
    let bytes = 0;
    try {
      bytes = statSync(join(dir, name)).size;
    } catch {
      bytes = 0;
    }
    return {
      name,
      description: row ? row.shown || `${row.shape} · ${plainText(row.notes)}` : name,
      bytes,
      target: row ? (row.target.split(/\s/)[0] ?? null) : null,
      task: row?.task ?? null,
    };
  });
}

/** The path of sample `name`, or null when it is not one of the listed samples (no paths, no traversal). */
export function samplePath(dir: string | null, name: string): string | null {
  if (!dir) return null;
  return listSamples(dir).some((s) => s.name === name) ? join(dir, name) : null;
}

interface ReadmeRow {
  shape: string;
  target: string;
  task: string;
  notes: string;
  /** The table's "shown in the app" column: a plain sentence for people (empty when the table has none). */
  shown: string;
}

/** Markdown notes as plain text: no code ticks, emphasis or link syntax. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]+/g, '')
    // _emphasis_ only at word edges: snake_case names keep their underscores
    .replace(/(^|\W)_+(\S)/g, '$1$2')
    .replace(/(\S)_+(\W|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rows of the README's markdown table `| file | rows × cols | target | task | notes | …`, by file name. */
function readmeTable(dir: string): Map<string, ReadmeRow> {
  const out = new Map<string, ReadmeRow>();
  let text: string;
  try {
    text = readFileSync(join(dir, 'README.md'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 7 || !cells[1].endsWith('.csv')) continue;
    out.set(cells[1], { shape: cells[2], target: cells[3], task: cells[4], notes: cells[5], shown: cells.length > 9 ? plainText(cells[8]) : '' });
  }
  return out;
}
