/**
 * Writing HDF5 with h5wasm (the HDF5 C library compiled to WebAssembly, the same library h5py uses, so the file
 * is laid out as h5py writes it). It works in an in-memory file system: no Node or DOM API. Loading the
 * WebAssembly takes about a second, and h5wasm starts it when imported: hence the import on first use, so
 * nothing but a .keras export pays for it.
 */

/** A dataset to write: a path like `layers/dense/vars/0`, a shape, values, and its type. */
export interface H5DatasetSpec {
  readonly path: string;
  readonly shape: readonly number[];
  readonly values: Float32Array | BigInt64Array;
}

/** A group to create (even empty) with text attributes. */
export interface H5GroupSpec {
  readonly path: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** Write groups and datasets to a new HDF5 file and return its bytes. */
export async function writeHdf5(groups: readonly H5GroupSpec[], datasets: readonly H5DatasetSpec[]): Promise<Uint8Array> {
  const h5 = await import('h5wasm');
  await h5.ready;
  const h5wasm = h5.default;
  // FS is a live binding, set once the module is ready
  const fs = h5.FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void; analyzePath(p: string): { exists: boolean } } | null;
  if (!fs) throw new Error('h5wasm did not start');
  // One fixed in-memory path: the whole write below is synchronous, so no two exports interleave.
  const path = '/dense-lab-export.h5';
  const file = new h5wasm.File(path, 'w');
  try {
    for (const g of groups) {
      const parts = g.path.split('/');
      for (let k = 1; k <= parts.length; k++) {
        const sub = parts.slice(0, k).join('/');
        if (!file.get(sub)) file.create_group(sub);
      }
      const group = file.get(g.path) as InstanceType<typeof h5.Group>;
      for (const [key, value] of Object.entries(g.attrs ?? {})) group.create_attribute(key, value);
    }
    for (const d of datasets) {
      const slash = d.path.lastIndexOf('/');
      const group = file.get(d.path.slice(0, slash)) as InstanceType<typeof h5.Group>;
      const dtype = d.values instanceof Float32Array ? '<f' : '<q';
      group.create_dataset({ name: d.path.slice(slash + 1), data: d.values, shape: [...d.shape], dtype });
    }
  } finally {
    file.close();
  }
  const bytes = fs.readFile(path).slice();
  fs.unlink(path);
  return bytes;
}
