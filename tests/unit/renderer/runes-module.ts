/**
 * Imports a renderer state module (`*.svelte.ts`, classes with `$state`/`$derived` fields) in a unit test:
 * types stripped by TypeScript, runes compiled by Svelte's own compiler (client output, so derived fields
 * recompute), relative imports pointed back at the source folder. The compiled file goes to .tmp/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import ts from 'typescript';
import { compileModule } from 'svelte/compiler';

const repoRoot = resolve(import.meta.dirname, '../../..');

export async function importRunesModule<T>(relativeToRepo: string): Promise<T> {
  const source = resolve(repoRoot, relativeToRepo);
  const js = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, useDefineForClassFields: true },
  }).outputText;
  const compiled = compileModule(js, { filename: source, generate: 'client', dev: false }).js.code;
  const code = compiled.replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (_m, head: string, q: string, rel: string) => `${head}${q}${resolve(dirname(source), rel)}${q}`);
  const dir = resolve(repoRoot, '.tmp/unit-runes');
  mkdirSync(dir, { recursive: true });
  const out = resolve(dir, `${basename(source, '.ts')}.${process.pid}.mjs`);
  writeFileSync(out, code);
  return (await import(out)) as T;
}
