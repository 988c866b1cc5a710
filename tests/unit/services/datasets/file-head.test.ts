/** The first rows of a file too big to load whole (file-head.ts): whole records only, also when a quoted field holds line breaks. */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastRecordEnd, loadFileHead } from '../../../../src-main/services/datasets/file-head';
import { displayRows } from '../../../../src-main/api/rows';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dense-lab-file-head-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

describe('lastRecordEnd', () => {
  it('is just past the last line break outside quotes, or 0', () => {
    expect(lastRecordEnd(bytes('a,b\n1,2\n3,'))).toBe(8);
    expect(lastRecordEnd(bytes('a,b\n1,"x\ny'))).toBe(4);
    expect(lastRecordEnd(bytes('a,b\n1,"x ""q""\ny",2\n3'))).toBe(20);
    expect(lastRecordEnd(bytes('a,"b\n'))).toBe(0);
  });
});

describe('loadFileHead', () => {
  it('loads whole records from the start, cut anywhere, and reports the whole file’s size', async () => {
    const path = join(dir, 'notes.csv');
    const lines = ['id,note,x'];
    for (let r = 0; r < 400; r++) lines.push(`${r},"line one\nline ""two"", ${r}",${r / 4}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const size = statSync(path).size;
    for (const headBytes of [300, 1000, 4099]) {
      const r = await loadFileHead(path, 'notes.csv', size, {}, headBytes);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      const d = r.value;
      expect(d.bytes).toBe(size);
      expect(d.warnings).toEqual([]);
      expect(d.columns.map((c) => c.name)).toEqual(['id', 'note', 'x']);
      // Every row it has is complete: the last one's note and x are its own.
      expect(d.rows).toBeGreaterThan(1);
      const [last] = displayRows(d, d.rows - 1, 1);
      expect(last).toEqual([d.rows - 1, `line one\nline "two", ${d.rows - 1}`, (d.rows - 1) / 4]);
    }
  });
});
