import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { loadNativeAddon, NATIVE_ADDON_FILE, nativeAddonCandidates, type NativeAddon, type NativeLayer } from '../../../src-main/native/addon';

const scratch = mkdtempSync(join(tmpdir(), 'dense-lab-native-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadNativeAddon', () => {
  it('looks beside the bundle first, then in the repository native/build/Release', () => {
    const here = join(sep, 'repo', 'out', 'main');
    expect(nativeAddonCandidates(here)).toEqual([join(here, NATIVE_ADDON_FILE), join(sep, 'repo', 'native', 'build', 'Release', NATIVE_ADDON_FILE)]);
  });

  it('reads an addon inside an Electron app.asar from app.asar.unpacked', () => {
    const here = join(sep, 'opt', 'Dense Lab', 'resources', 'app.asar', 'out', 'main');
    expect(nativeAddonCandidates(here)[0]).toBe(join(sep, 'opt', 'Dense Lab', 'resources', 'app.asar.unpacked', 'out', 'main', NATIVE_ADDON_FILE));
  });

  it('answers a reason instead of throwing when DENSE_LAB_NO_NATIVE=1', () => {
    expect(loadNativeAddon({ env: { DENSE_LAB_NO_NATIVE: '1' } })).toEqual({ ok: false, reason: 'disabled by DENSE_LAB_NO_NATIVE=1' });
  });

  it('answers a reason instead of throwing when no addon was built', () => {
    const empty = join(scratch, 'a', 'b');
    const r = loadNativeAddon({ here: empty, env: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^not built \(looked for .*dense_lab_native\.node/);
  });

  it('answers a reason instead of throwing when the file is not a loadable library', () => {
    // A text file where the addon should be: dlopen fails, the loader reports it.
    const here = join(scratch, 'broken');
    mkdirSync(here, { recursive: true });
    writeFileSync(join(here, NATIVE_ADDON_FILE), 'not a shared library');
    const r = loadNativeAddon({ here, env: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('failed to load');
  });
});

const load = loadNativeAddon();
if (load.ok) {
  const addon: NativeAddon = load.addon;
  const layer: NativeLayer = addon.pack(Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(0.5, -0.5), 3, 2);

  describe('the addon refuses bad arguments with a JS error, never a crash', () => {
    it('computes the documented sum for a hand-checked layer', () => {
      // x = (1, 2, 3); z_0 = 1·1 + 2·3 + 3·5 + 0.5 = 22.5, z_1 = 1·2 + 2·4 + 3·6 − 0.5 = 27.5
      const out = new Float64Array(2);
      addon.dense(layer, Float64Array.of(1, 2, 3), 0, 1, out, 0, false);
      expect(Array.from(out)).toEqual([22.5, 27.5]);
    });

    const x = new Float64Array(6);
    const out = new Float64Array(4);
    const cases: [string, () => void, RegExp][] = [
      ['x a Float32Array', () => addon.dense(layer, new Float32Array(6) as unknown as Float64Array, 0, 2, out, 0, false), /x must be a Float64Array/],
      ['x a plain array', () => addon.dense(layer, [1, 2, 3] as unknown as Float64Array, 0, 1, out, 0, false), /x must be a Float64Array/],
      ['out missing', () => (addon.dense as (...a: unknown[]) => void)(layer, x, 0, 2), /out must be a Float64Array/],
      ['x too short', () => addon.dense(layer, x, 0, 3, new Float64Array(6), 0, false), /x has 6 values; offset 0 \+ 3 rows × 3 inputs need 9/],
      ['x offset past the end', () => addon.dense(layer, x, 7, 0, out, 0, false), /x has 6 values; offset 7/],
      ['out too short', () => addon.dense(layer, x, 0, 2, new Float64Array(3), 0, false), /out has room for 3 values; offset 0 \+ 2 rows × 2 units need 4/],
      ['out offset too far', () => addon.dense(layer, x, 0, 2, out, 1, false), /out has room for 4 values; offset 1/],
      ['negative rows', () => addon.dense(layer, x, 0, -1, out, 0, false), /rows must be a non-negative integer/],
      ['fractional rows', () => addon.dense(layer, x, 0, 1.5, out, 0, false), /rows must be a non-negative integer/],
      ['NaN rows', () => addon.dense(layer, x, 0, NaN, out, 0, false), /rows must be a non-negative integer/],
      ['huge rows', () => addon.dense(layer, x, 0, 2 ** 52, out, 0, false), /too large|x has 6 values/],
      ['rows a string', () => addon.dense(layer, x, 0, '2' as unknown as number, out, 0, false), /rows must be a number/],
      ['relu not a boolean', () => addon.dense(layer, x, 0, 2, out, 0, 1 as unknown as boolean), /relu must be a boolean/],
      ['a layer not made by pack', () => addon.dense({ variant: 'avx2' } as NativeLayer, x, 0, 2, out, 0, false), /layer must be a layer made by pack/],
      ['a layer that is a number', () => addon.dense(42 as unknown as NativeLayer, x, 0, 2, out, 0, false), /layer must be a layer made by pack/],
      ['x and out overlapping', () => addon.dense(layer, x, 0, 2, x, 2, false), /x and out overlap/],
      ['pack: kernel of the wrong size', () => addon.pack(new Float64Array(5), new Float64Array(2), 3, 2), /kernel has 5 values; 3 inputs × 2 units need 6/],
      ['pack: bias of the wrong size', () => addon.pack(new Float64Array(6), new Float64Array(3), 3, 2), /bias has 3 values; the layer has 2 units/],
      ['pack: no units', () => addon.pack(new Float64Array(0), new Float64Array(0), 3, 0), /at least one input and one unit/],
      ['pack: unknown variant', () => addon.pack(new Float64Array(6), new Float64Array(2), 3, 2, 'neon' as 'scalar'), /unknown variant 'neon'/],
      ['pack: kernel not typed', () => addon.pack({} as Float64Array, new Float64Array(2), 3, 2), /kernel must be a Float64Array/],
    ];
    it.each(cases)('%s', (_name, call, message) => {
      expect(call).toThrow(message);
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(thrown instanceof TypeError || thrown instanceof RangeError).toBe(true);
    });

    it('refuses a released layer, and releasing twice is harmless', () => {
      const gone = addon.pack(new Float64Array(6), new Float64Array(2), 3, 2);
      addon.release(gone);
      addon.release(gone);
      expect(() => addon.dense(gone, x, 0, 2, out, 0, false)).toThrow(/the layer was released/);
    });

    it('accepts zero rows even with empty arrays', () => {
      expect(() => addon.dense(layer, new Float64Array(0), 0, 0, new Float64Array(0), 0, true)).not.toThrow();
    });
  });
}
