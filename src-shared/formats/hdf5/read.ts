/**
 * Reading HDF5 (Keras `.h5` files and `.keras`'s model.weights.h5) with jsfive: pure JavaScript, synchronous,
 * no Node or DOM API, so it runs in main, a worker or a browser alike. (h5wasm, which Dense Lab uses to *write*
 * HDF5, prints libhdf5's multi-line error stack on stderr for a corrupt file; jsfive throws, and we turn that
 * into one sentence.)
 */
import { utf8Text } from '../utf8';
import * as hdf5 from 'jsfive';
import { refuse } from '../chain';

export type H5Group = hdf5.Group;
export type H5Dataset = hdf5.Dataset;

/** Open HDF5 bytes; a file that is not HDF5 or is cut short is refused with one sentence. */
export function openHdf5(bytes: Uint8Array, what: string): hdf5.File {
  if (!isHdf5(bytes)) refuse(`${what} is not an HDF5 file (it lacks the HDF5 signature)`);
  try {
    return new hdf5.File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, what);
  } catch (e) {
    return refuse(`${what} is a damaged or truncated HDF5 file (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The 8-byte HDF5 signature at offset 0 (files with a user block put it at 512, 1024 …; Keras never does). */
export function isHdf5(bytes: Uint8Array): boolean {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && sig.every((b, k) => bytes[k] === b);
}

/** jsfive may throw deep inside a damaged file when an object is first touched: one sentence instead. */
export function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'AppFailure') throw e;
    return refuse(`${what} could not be read: the HDF5 file is damaged or truncated (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function child(group: hdf5.Group, path: string): hdf5.Group | hdf5.Dataset | undefined {
  const keys = path.split('/').filter((p) => p !== '');
  let node: hdf5.Group | hdf5.Dataset | null = group;
  for (const key of keys) {
    if (!(node instanceof hdf5.Group) || !node.keys.includes(key)) return undefined;
    node = node.get(key);
  }
  return node ?? undefined;
}

export const isGroup = (v: unknown): v is hdf5.Group => v instanceof hdf5.Group;
export const isDataset = (v: unknown): v is hdf5.Dataset => v instanceof hdf5.Dataset;

/** A text attribute (jsfive gives strings, byte strings or one-element arrays of them). */
export function textAttr(group: hdf5.Group, name: string): string | undefined {
  let v = group.attrs[name];
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8Text(v);
  return undefined;
}

/** A list-of-text attribute (layer_names, weight_names). */
export function textListAttr(group: hdf5.Group, name: string): string[] | undefined {
  const v = group.attrs[name];
  if (!Array.isArray(v)) return typeof v === 'string' ? [v] : undefined;
  return v.map((x) => (typeof x === 'string' ? x : x instanceof Uint8Array ? utf8Text(x) : String(x)));
}

/** A float dataset's values as exact float64s, its shape and the precision it is stored in. */
export function floatData(ds: hdf5.Dataset, what: string): { values: Float64Array; shape: number[]; dtype: 'float32' | 'float64' } {
  const dtype = ds.dtype;
  if (dtype !== '<f4' && dtype !== '<f8' && dtype !== '>f4' && dtype !== '>f8') refuse(`${what} holds ${typeof dtype === 'string' ? dtype : 'non-numeric'} values; Dense Lab reads float32 and float64 weights`);
  const shape = [...ds.shape];
  const raw = ds.value;
  const count = shape.reduce((t, d) => t * d, 1);
  if (!raw || typeof raw !== 'object' || (raw as ArrayLike<number>).length !== count) refuse(`${what} has ${count} values by its shape but the file holds ${(raw as ArrayLike<number> | undefined)?.length ?? 0}`);
  const values = Float64Array.from(raw as ArrayLike<number>);
  if (values.some((v) => !Number.isFinite(v))) refuse(`${what} holds a NaN or infinite value`);
  return { values, shape, dtype: dtype.endsWith('4') ? 'float32' : 'float64' };
}
