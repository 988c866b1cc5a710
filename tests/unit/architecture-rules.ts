/**
 * The dependency rules of ARCHITECTURE.md as code: which folders may import what.
 * Used by architecture.test.ts on the real tree and on a fixture tree that breaks every rule.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const DOM_GLOBALS = /\b(?:document|window|navigator|localStorage|sessionStorage|HTMLElement|requestAnimationFrame)\s*[.([]/;
const IMPORT_RE = /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function listSources(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(listSources(path));
    else if (/\.(ts|svelte|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Import specifiers of a source file (comments stripped first so examples in docs do not count). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const m of code.matchAll(IMPORT_RE)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

function topFolder(root: string, absPath: string): string {
  return relative(root, absPath).split(sep)[0];
}

/** Check every rule under `root` (a tree laid out like the project) and return what breaks them. */
export function checkArchitecture(root: string): Violation[] {
  const violations: Violation[] = [];
  const check = (folder: string, visit: (file: string, spec: string, target: string | null) => string | null) => {
    for (const file of listSources(join(root, folder))) {
      const source = readFileSync(file, 'utf8');
      for (const spec of importsOf(source)) {
        const target = spec.startsWith('.') ? topFolder(root, resolve(dirname(file), spec)) : null;
        const rule = visit(file, spec, target);
        if (rule) violations.push({ file: relative(root, file), specifier: spec, rule });
      }
      if (folder === 'src-shared' && DOM_GLOBALS.test(source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, ''))) {
        violations.push({ file: relative(root, file), specifier: '(DOM global)', rule: 'src-shared uses no DOM globals' });
      }
    }
  };

  check('src-shared', (_file, spec, target) => {
    if (NODE_BUILTINS.has(spec)) return 'src-shared imports no Node built-ins';
    if (spec === 'electron' || spec.startsWith('electron/')) return 'src-shared imports no Electron';
    if (target !== null && target !== 'src-shared') return 'src-shared imports nothing outside itself';
    return null;
  });
  check('src-renderer', (_file, spec, target) => {
    if (target === 'src-main') return 'src-renderer never imports src-main';
    if (NODE_BUILTINS.has(spec)) return 'src-renderer imports no Node built-ins';
    if (spec === 'electron' || spec.startsWith('electron/')) return 'src-renderer imports no Electron';
    return null;
  });
  check('src-main', (file, spec, target) => {
    if (target === 'src-renderer') return 'src-main never imports src-renderer';
    const inElectron = relative(root, file).split(sep)[1] === 'electron';
    if (!inElectron && (spec === 'electron' || spec.startsWith('electron/'))) return 'only src-main/electron imports electron';
    return null;
  });
  // Worker entry points see only src-shared (and node:worker_threads to talk to the pool), plus src-main/native:
  // the optional native forward kernel is a Node addon, which each worker thread has to load itself, and that
  // folder's loader never throws (it answers the addon or why there is none).
  for (const file of listSources(join(root, 'src-main', 'workers')).filter((f) => /-worker\.ts$/.test(f))) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep) : [];
      const allowed = spec === 'node:worker_threads' || target[0] === 'src-shared' || (target[0] === 'src-main' && target[1] === 'native');
      if (!allowed) violations.push({ file: relative(root, file), specifier: spec, rule: 'worker entry points import only src-shared and src-main/native' });
    }
  }
  return violations;
}

/** The file a relative specifier names, as the bundler resolves it (extension, `.svelte.ts`, folder index), or null. */
function resolveSource(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`, `${base}.mts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Import cycles among the source folders (type-only imports count: a cycle of types is still two concepts that
 * cannot be read apart). Each cycle is one strongly connected component of the import graph (Tarjan), given as
 * its files, relative to `root` and sorted.
 */
export function importCycles(root: string): string[][] {
  const files = ['src-shared', 'src-main', 'src-renderer'].flatMap((f) => listSources(join(root, f)));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolveSource(file, spec))
      .filter((t): t is string => t !== null);
    edges.set(file, targets);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.map((f) => relative(root, f)).sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The room a file belongs to in the docs' diagram: its layer and first folder (`src-shared/nn`), or the layer for a file at its top. */
function roomOf(root: string, file: string): string {
  const parts = relative(root, file).split(sep);
  if (parts[0] === 'src-renderer' && parts[1] === 'lib' && parts.length > 3) return `src-renderer/${parts[2]}`;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * The folder-level import graph of the source layers as a Mermaid flowchart: one box per folder, one arrow per
 * pair of folders where a file of the first imports a file of the second. docs/architecture.md holds exactly this
 * text (architecture.test.ts compares them), so the picture in the docs is always the tree's.
 */
export function folderDiagram(root: string): string {
  const layers = ['src-renderer', 'src-main', 'src-shared'];
  const arrows = new Set<string>();
  const rooms = new Set<string>();
  for (const layer of layers) {
    for (const file of listSources(join(root, layer))) {
      const from = roomOf(root, file);
      rooms.add(from);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolveSource(file, spec);
        if (!target || !layers.includes(relative(root, target).split(sep)[0])) continue;
        const to = roomOf(root, target);
        if (to !== from) arrows.add(`${from} --> ${to}`);
      }
    }
  }
  const id = (room: string) => (layers.includes(room) ? `${room}_top` : room).replace(/[^A-Za-z0-9]/g, '_');
  const lines = ['flowchart TB'];
  for (const layer of layers) {
    lines.push(`  subgraph ${layer.replace(/-/g, '_')}["${layer}"]`);
    for (const room of [...rooms].filter((r) => r.split('/')[0] === layer).sort()) lines.push(`    ${id(room)}["${room.slice(layer.length + 1) || '(top)'}"]`);
    lines.push('  end');
  }
  for (const arrow of [...arrows].sort()) {
    const [from, to] = arrow.split(' --> ');
    lines.push(`  ${id(from)} --> ${id(to)}`);
  }
  return lines.join('\n');
}
