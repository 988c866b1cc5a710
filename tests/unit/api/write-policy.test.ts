import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src-main/api';
import { noServices } from '../../../src-main/api/services';
import { checkWritePath, WRITE_NOWHERE, type WritePolicy } from '../../../src-main/api/write-policy';
import { MODEL_FORMAT } from '../../../src-shared/model-file/types';
import { browserHost } from './harness';

const base = mkdtempSync(join(tmpdir(), 'dense-lab-writes-'));
const root = join(base, 'allowed');
const home = join(base, 'home');
mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(home);
writeFileSync(join(home, '.bashrc'), 'echo hello\n');
symlinkSync(home, join(root, 'to-home'));
symlinkSync(join(home, '.bashrc'), join(root, 'rc.csv'));
const inside: WritePolicy = { kind: 'inside', folder: root };

afterAll(() => rmSync(base, { recursive: true, force: true }));

const S1 = {
  format: MODEL_FORMAT,
  version: 1,
  inputs: [{ name: 'a' }, { name: 'b' }],
  output: { name: 'y', task: 'regression' },
  layers: [
    { units: 2, activation: 'relu', kernel: [[1, -1], [1, 1]], bias: [0, 0] },
    { units: 1, activation: 'linear', kernel: [[2], [-1]], bias: [0] },
  ],
};

describe('where path-based writes may go', () => {
  it('browser mode without --write-dir refuses every path with api/not-available', async () => {
    const r = await checkWritePath(WRITE_NOWHERE, join(root, 'out.csv'));
    expect(r).toMatchObject({ ok: false, error: { kind: 'api/not-available' } });
  });

  it('with --write-dir, writes inside the folder (relative names are taken inside it)', async () => {
    expect(await checkWritePath(inside, join(root, 'sub', 'p.csv'))).toEqual({ ok: true, value: join(root, 'sub', 'p.csv') });
    expect(await checkWritePath(inside, 'p.csv')).toEqual({ ok: true, value: join(root, 'p.csv') });
    expect(await checkWritePath(inside, join(root, 'new-folder', 'p.csv'))).toMatchObject({ ok: true });
  });

  it('refuses paths outside the folder, .. escapes, hidden names and links that lead out', async () => {
    for (const path of [join(home, '.bashrc'), join(home, 'x.csv'), join(root, '..', 'x.csv'), '../x.csv', root, join(root, 'to-home', 'x.csv'), join(root, 'to-home', '.bashrc')]) {
      const r = await checkWritePath(inside, path);
      expect(r, path).toMatchObject({ ok: false, error: { kind: 'api/forbidden-path', path: 'args.path' } });
    }
    for (const path of [join(root, '.bashrc'), join(root, '.config', 'x.csv'), join(root, 'sub', '.hidden.csv')]) {
      const r = await checkWritePath(inside, path);
      expect(r, path).toMatchObject({ ok: false, error: { kind: 'api/forbidden-path' } });
      if (!r.ok) expect(r.error.message).toMatch(/hidden/);
    }
    const link = await checkWritePath(inside, join(root, 'rc.csv'));
    expect(link).toMatchObject({ ok: false, error: { kind: 'api/forbidden-path' } });
  });

  it('through the API in browser mode, saveModel and exportPredictions write nothing by path', async () => {
    const api = createApi(browserHost(() => undefined, null), noServices());
    const target = join(home, '.bashrc');
    const saved = await api.dispatch('saveModel', { path: target, model: S1 });
    expect(saved).toMatchObject({ ok: false, error: { kind: 'api/not-available' } });
    const elsewhere = join(home, 'model.dlmodel.json');
    expect(await api.dispatch('saveModel', { path: elsewhere, model: S1 })).toMatchObject({ ok: false, error: { kind: 'api/not-available' } });
    expect(existsSync(elsewhere)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('echo hello\n');
    expect(await api.dispatch('exportModel', { model: S1, format: 'python', path: join(home, 'score.py') })).toMatchObject({ ok: false, error: { kind: 'api/not-available' } });
    expect(existsSync(join(home, 'score.py'))).toBe(false);
    // without a path the export comes back as bytes for the browser to download
    expect(await api.dispatch('exportModel', { model: S1, format: 'python' })).toMatchObject({ ok: true });
    api.close();
  });

  it('through the API with --write-dir, saveModel writes inside the folder and refuses ~/.bashrc', async () => {
    const api = createApi(browserHost(() => undefined, null, inside), noServices());
    expect(await api.dispatch('saveModel', { path: join(root, 'm.dlmodel.json'), model: S1 })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(join(root, 'm.dlmodel.json'), 'utf8'))).toMatchObject({ format: MODEL_FORMAT });
    expect(await api.dispatch('saveModel', { path: join(home, '.bashrc'), model: S1 })).toMatchObject({ ok: false, error: { kind: 'api/forbidden-path' } });
    expect(readFileSync(join(home, '.bashrc'), 'utf8')).toBe('echo hello\n');
    api.close();
  });
});
