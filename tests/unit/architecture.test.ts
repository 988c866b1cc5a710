import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { checkArchitecture, folderDiagram, importCycles, importsOf } from './architecture-rules';

const projectRoot = resolve(import.meta.dirname, '../..');

describe('architecture rules of ARCHITECTURE.md', () => {
  it('hold on the project tree', () => {
    expect(checkArchitecture(projectRoot)).toEqual([]);
  });

  it('catch every kind of forbidden import in a fixture tree', () => {
    const found = checkArchitecture(resolve(import.meta.dirname, 'fixtures/architecture'));
    const rules = new Set(found.map((v) => v.rule));
    expect(rules).toEqual(
      new Set([
        'src-shared imports no Node built-ins',
        'src-shared imports nothing outside itself',
        'src-shared uses no DOM globals',
        'src-shared imports no Electron',
        'src-renderer never imports src-main',
        'only src-main/electron imports electron',
        'worker entry points import only src-shared and src-main/native',
      ]),
    );
  });

  it('has no import cycles in the project tree', () => {
    expect(importCycles(projectRoot)).toEqual([]);
  });

  it('finds an import cycle in a fixture tree, and only that one', () => {
    expect(importCycles(resolve(import.meta.dirname, 'fixtures/architecture'))).toEqual([['src-shared/cycle/plan.ts', 'src-shared/cycle/status.ts']]);
  });

  it("docs/architecture.md's diagram is the tree's folder graph (on failure, paste the received text into its mermaid block)", () => {
    const docs = readFileSync(resolve(projectRoot, 'docs/architecture.md'), 'utf8');
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(docs)?.[1];
    expect(block).toBe(folderDiagram(projectRoot));
  });

  it('reads import specifiers in all their forms, ignoring comments', () => {
    const src = `import a from './a';\nimport type { B } from "../b";\nexport * from './c';\nconst d = await import('./d');\n// import e from 'e';\nimport './f';`;
    expect(importsOf(src)).toEqual(['./a', '../b', './c', './d', './f']);
  });
});
