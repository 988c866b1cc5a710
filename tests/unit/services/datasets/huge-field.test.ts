// A file with one field longer than the limit (64 MiB) is refused with the line and the limit, by both
// ways of reading a file (one thread, CSV workers), instead of growing a buffer until memory runs out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../../../src-main/services/datasets';
import { MAX_FIELD_BYTES } from '../../../../src-shared/data/csv/tokenizer';

const dir = mkdtempSync(join(tmpdir(), 'dense-lab-huge-field-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV with a header, 3 rows, then on line 5 a field of limit + 1 MiB bytes (quoted or not). */
function hugeFieldFile(name: string, quoted: boolean): string {
  const big = Buffer.alloc(MAX_FIELD_BYTES + (1 << 20), 'x');
  const path = join(dir, name);
  const q = quoted ? '"' : '';
  writeFileSync(path, Buffer.concat([Buffer.from('a,b\n1,2\n3,4\n5,6\n7,' + q), big, Buffer.from(q + '\n8,9\n')]));
  return path;
}

describe('a field longer than the limit', () => {
  // Two of the four combinations: each file is 65 MiB, and the other two take the same paths.
  for (const [quoted, parallel] of [
    [true, false],
    [false, undefined],
  ] as const) {
    {
      it(`is refused with its line and the limit (${quoted ? 'quoted' : 'unquoted'}, ${parallel === false ? 'one thread' : 'workers allowed'})`, async () => {
        const path = hugeFieldFile(`${quoted ? 'q' : 'u'}-${String(parallel)}.csv`, quoted);
        const result = await loadDataset(path, { parallel });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({ kind: 'csv/field-too-long', line: 5, column: 2, file: path });
        expect(result.error.message).toContain('field 2 on line 5 is longer than 64 MiB');
      });
    }
  }
});
