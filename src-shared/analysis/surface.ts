/**
 * Two inputs at a time (TensorFlow Playground's picture, on any model): the response over a grid of two numeric
 * features X and Y, every other input held at the typical row (median / most frequent category over the usable rows)
 * or at one chosen row's values, and each hidden unit's activation over the same grid.
 *   z[iy·nx + ix] = F(x_ix, y_iy, held)          hidden[l].values[u][iy·nx + ix] = a_u^(l)(x_ix, y_iy, held)
 * Units of a layer are listed by their variance over the grid, largest first (a wide layer's flat units last).
 * `points` are data rows (a seeded sample) with their X, Y and target, for drawing on top.
 */
import type { Dataset } from '../data/dataset';
import { readTarget } from '../jobs/predict-evaluation';
import { err, ok, type Result } from '../result';
import { findInput, numericGrid, presentValues, requireNumeric, typicalCells, usableRows } from './features';
import { layerActivations } from './hidden';
import type { ModelResponse } from './response';
import { copyRows, repeatRows, sampleIndices, setColumn } from './rows';

export interface SurfaceOptions {
  readonly x: string;
  readonly y: string;
  /** A classifier's class whose probability is the response (multiclass; default the first): read by runAnalysis. */
  readonly class?: string;
  /** Grid points per axis (default 40). */
  readonly grid?: number;
  /** Hold the other inputs at this dataset row (0-based) instead of the typical row. */
  readonly row?: number;
  /** Data points drawn on top (default 300). */
  readonly points?: number;
  readonly seed?: number;
}

export interface UnitSurface {
  readonly unit: number;
  readonly variance: number;
  readonly values: number[];
}

export interface Surface {
  readonly x: { readonly name: string; readonly values: number[] };
  readonly y: { readonly name: string; readonly values: number[] };
  /** 'typical' (medians and modes) or the row number the others are held at. */
  readonly heldAt: 'typical' | number;
  /** The held value of every other model input, as a person reads it (a number or a category). */
  readonly held: { readonly name: string; readonly value: number | string | null }[];
  readonly z: number[];
  readonly label: string;
  /** One entry per hidden layer, units by decreasing variance over the grid. */
  readonly hidden: { readonly layer: number; readonly units: UnitSurface[] }[];
  /** target: the value or class index; value: the same on the response's scale (a class: 1 if it is the response's class, else 0). */
  readonly points: { readonly x: number; readonly y: number; readonly target: number | null; readonly value: number | null }[];
}

/** The response and hidden activations over an X × Y grid (see the file comment). */
export function twoInputSurface(response: ModelResponse, dataset: Dataset, options: SurfaceOptions): Result<Surface> {
  const { columns } = dataset;
  const xc = findInput(response, columns, options.x, 'x');
  if (!xc.ok) return xc;
  const yc = findInput(response, columns, options.y, 'y');
  if (!yc.ok) return yc;
  for (const [c, flag] of [[xc.value, 'x'], [yc.value, 'y']] as const) {
    const n = requireNumeric(columns, c, flag);
    if (!n.ok) return n;
  }
  if (xc.value === yc.value) return err({ kind: 'analysis/same-feature', message: 'Choose two different inputs for the surface.' });
  const usable = usableRows(response, dataset);
  if (usable.length === 0) return err({ kind: 'analysis/too-few-rows', message: 'No row has every model input.' });
  const grid = options.grid ?? 40;
  const xs = numericGrid(presentValues(dataset, usable, xc.value), grid);
  const ys = numericGrid(presentValues(dataset, usable, yc.value), grid);
  let heldRow;
  if (options.row !== undefined) {
    if (!(Number.isInteger(options.row) && options.row >= 0 && options.row < dataset.rows)) return err({ kind: 'analysis/bad-row', message: `Row ${options.row} is not in the data (0 – ${dataset.rows - 1}).` });
    heldRow = copyRows(dataset, [options.row]);
  } else {
    const t = typicalCells(response, dataset, usable);
    heldRow = { rows: 1, cols: dataset.cols, values: t.values, missing: t.missing };
  }
  const cells = repeatRows(heldRow, xs.length * ys.length);
  for (let iy = 0; iy < ys.length; iy++) {
    for (let ix = 0; ix < xs.length; ix++) {
      const r = iy * xs.length + ix;
      setColumn(cells, xc.value, xs[ix], r, r + 1);
      setColumn(cells, yc.value, ys[iy], r, r + 1);
    }
  }
  const z = Array.from(response.respond(cells));
  const { x: encoded } = response.encode(cells);
  const { net } = response;
  const hidden = net.layers.slice(0, -1).map((layer, l) => {
    const a = layerActivations(net, encoded, cells.rows, l);
    const units = Array.from({ length: layer.units }, (_, u) => {
      const values = Array.from({ length: cells.rows }, (_, r) => a[r * layer.units + u]);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return { unit: u, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length, values };
    });
    units.sort((p, q) => q.variance - p.variance || p.unit - q.unit);
    return { layer: l, units };
  });
  const held = response.plan.inputs
    .filter((i) => i.column !== xc.value && i.column !== yc.value)
    .map((i) => {
      const v = heldRow.values[i.column];
      const missing = heldRow.missing[i.column] === 1;
      const value = missing ? null : i.kind === 'one-hot' ? (columns[i.column].categories?.[v] ?? null) : v;
      return { name: i.name, value };
    });
  const target = readTarget(dataset, response.output);
  const responseClass = response.output.task === 'binary' ? 1 : response.classIndex;
  const shown = sampleIndices(usable, options.points ?? 300, options.seed ?? 1);
  const points = Array.from(shown, (r) => {
    const t = target.ok ? (target.value.kind === 'number' ? target.value.values[r] : target.value.codes[r]) : NaN;
    const isClass = target.ok && target.value.kind === 'class';
    const present = isClass ? t >= 0 : t === t;
    // a class target on the response's scale: 1 when the row is of the class the response is the probability of
    const value = !present ? null : isClass ? (t === responseClass ? 1 : 0) : t;
    return { x: dataset.values[r * dataset.cols + xc.value], y: dataset.values[r * dataset.cols + yc.value], target: present ? t : null, value };
  });
  return ok({ x: { name: options.x, values: xs }, y: { name: options.y, values: ys }, heldAt: options.row ?? 'typical', held, z, label: response.label, hidden, points });
}
