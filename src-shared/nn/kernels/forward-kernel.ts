/**
 * Fast forwardBatch for workers: `createForwardKernel(net)` packs the network once and returns a kernel
 * whose run() computes exactly what forwardBatch computes (bit for bit), on WebAssembly SIMD where the
 * host has it, else on a register-tiled JavaScript loop.
 *
 * Optional float32 mode (`precision: 'float32'`, WebAssembly SIMD only, about twice as fast): weights,
 * inputs and every sum are rounded to float32 — acc = fround(acc + fround(x_i·w_ij)), z = fround(acc + b_j),
 * same order, no FMA — and hidden activations are rounded back to float32; the last layer's activation is
 * applied in float64 to the float32 z. Not the engine's numbers: say so wherever it is offered.
 *
 * Compilation is synchronous by default: the module is about 1.7 KB (float32: 2.2 KB), under Chromium's
 * 4 KB limit for synchronous compiles on a page's main thread; workers and Node have no limit. A host that
 * prefers to compile off the critical path can `await compileForwardKernelModule()` once and pass it in.
 */
import { outputSize, type Network } from '../model';
import { DEFAULT_TILE, DEFAULT_TILE_F32, denseSimdModuleBytes, type TileShape } from './dense-simd';
import { createJsForward } from './forward-js';
import { createWasmForward, DEFAULT_BLOCKING, type WasmBlocking } from './forward-wasm';
import { wasmApi, type WasmModule } from './wasm-runtime';

/** Which implementation a kernel runs on. */
export type ForwardKernelKind = 'wasm-simd' | 'js';

/** Arithmetic of a kernel: float64 is the engine's, bit for bit; float32 is the optional fast mode. */
export type ForwardPrecision = 'float64' | 'float32';

/** A network's forward pass, packed and ready; one per worker (it owns scratch memory, not thread-safe). */
export interface ForwardKernel {
  readonly kind: ForwardKernelKind;
  /** The arithmetic actually used (float32 falls back to float64 where WebAssembly SIMD is missing). */
  readonly precision: ForwardPrecision;
  /**
   * Same contract as forwardBatch: input rows × net.inputSize row-major, output rows × outputSize(net)
   * (written, not read). Throws RangeError on a bad row count or arrays too short (a caller's bug).
   */
  run(input: Float64Array, rows: number, output: Float64Array): void;
  /** Drops the kernel's memory; run() afterwards throws. */
  dispose(): void;
}

/** A compiled kernel module, reusable for any number of networks (structured-cloneable to workers). */
export interface ForwardKernelModule {
  readonly tile: TileShape;
  readonly module: WasmModule;
}

export interface ForwardKernelOptions {
  /** 'js' forces the JavaScript kernel (for comparison); default: WebAssembly SIMD when available. */
  readonly prefer?: 'wasm-simd' | 'js';
  /** Default 'float64' (exact). 'float32' trades exactness for speed (see the top of this file). */
  readonly precision?: ForwardPrecision;
  /** A module from compileForwardKernelModule for the same precision, to skip the synchronous compile. */
  readonly module?: ForwardKernelModule;
  /** Row blocking of the WebAssembly kernel (tuning only; results never depend on it). */
  readonly blocking?: WasmBlocking;
}

/**
 * True when this host's WebAssembly accepts the SIMD kernel module. (A page whose CSP lacks
 * 'wasm-unsafe-eval' may still refuse to compile it; createForwardKernel then uses the JS kernel.)
 */
export function wasmSimdSupported(): boolean {
  const api = wasmApi();
  if (api === undefined) return false;
  try {
    return api.validate(denseSimdModuleBytes(DEFAULT_TILE));
  } catch {
    return false;
  }
}

/**
 * Compile the SIMD kernel module asynchronously; undefined when the host lacks WebAssembly SIMD.
 * `tile` overrides the register tile (for measurements; results never depend on it).
 */
export async function compileForwardKernelModule(
  precision: ForwardPrecision = 'float64',
  tile: TileShape = precision === 'float32' ? DEFAULT_TILE_F32 : DEFAULT_TILE,
): Promise<ForwardKernelModule | undefined> {
  const api = wasmApi();
  const bytes = denseSimdModuleBytes(tile);
  if (api === undefined || !api.validate(bytes)) return undefined;
  try {
    return { tile, module: await api.compile(bytes) };
  } catch {
    return undefined;
  }
}

/** The module compiled synchronously, or undefined where there is no SIMD or compiling is refused. */
function compileSync(tile: TileShape): ForwardKernelModule | undefined {
  const api = wasmApi();
  const bytes = denseSimdModuleBytes(tile);
  if (api === undefined || !api.validate(bytes)) return undefined;
  try {
    return { tile, module: new api.Module(bytes) };
  } catch {
    // A page whose Content-Security-Policy lacks 'wasm-unsafe-eval' refuses to compile: use the JS kernel.
    return undefined;
  }
}

interface Runner {
  run(input: Float64Array, rows: number, output: Float64Array): void;
}

function checkNetwork(net: Network): void {
  let width = net.inputSize;
  net.layers.forEach((layer, l) => {
    if (layer.inputs !== width) throw new RangeError(`createForwardKernel: layers[${l}] takes ${layer.inputs} inputs but receives ${width}`);
    if (layer.kernel.length !== layer.inputs * layer.units || layer.bias.length !== layer.units) {
      throw new RangeError(`createForwardKernel: layers[${l}] kernel/bias sizes do not match ${layer.inputs} × ${layer.units}`);
    }
    width = layer.units;
  });
}

/** Pack `net` into a forward kernel (see ForwardKernel). Throws RangeError if the network is inconsistent. */
export function createForwardKernel(net: Network, options: ForwardKernelOptions = {}): ForwardKernel {
  checkNetwork(net);
  const inputSize = net.inputSize;
  const outSize = outputSize(net);
  const api = wasmApi();
  const tile = options.precision === 'float32' ? DEFAULT_TILE_F32 : DEFAULT_TILE;
  const given = options.module !== undefined && options.module.tile.precision === tile.precision ? options.module : undefined;
  const compiled = options.prefer === 'js' || net.layers.length === 0 ? undefined : (given ?? compileSync(tile));
  let impl: Runner | undefined;
  let kind: ForwardKernelKind = 'js';
  if (net.layers.length === 0) {
    impl = { run: (input, rows, output) => output.set(input.subarray(0, rows * inputSize)) };
  } else if (compiled !== undefined && api !== undefined) {
    try {
      impl = createWasmForward(api, compiled.module, compiled.tile, net, options.blocking ?? DEFAULT_BLOCKING);
      kind = 'wasm-simd';
    } catch (e) {
      // A network too big for one WebAssembly memory (about 4 GB) still runs, on the JavaScript kernel.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  impl ??= createJsForward(net);
  const precision: ForwardPrecision = kind === 'wasm-simd' && tile.precision === 'f32' ? 'float32' : 'float64';
  return {
    kind,
    precision,
    run(input, rows, output) {
      if (impl === undefined) throw new RangeError('ForwardKernel.run: the kernel was disposed');
      if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`ForwardKernel.run: rows must be a non-negative integer, got ${rows}`);
      if (input.length < rows * inputSize) {
        throw new RangeError(`ForwardKernel.run: input has ${input.length} values; ${rows} rows × ${inputSize} inputs need ${rows * inputSize}`);
      }
      if (output.length < rows * outSize) {
        throw new RangeError(`ForwardKernel.run: output has room for ${output.length} values; ${rows} rows × ${outSize} outputs need ${rows * outSize}`);
      }
      impl.run(input, rows, output);
    },
    dispose() {
      impl = undefined;
    },
  };
}
