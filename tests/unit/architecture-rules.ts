/**
 * The dependency rules of ARCHITECTURE.md as code: which folders may import what.
 * Used by architecture.test.ts on the real tree and on a fixture tree that breaks every rule.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
