/**
 * A model file → one self-contained python script (numpy and the standard library's csv only) that reproduces
 * Dense Lab's predictions on a CSV: the course's forward propagation (z = x·W + b, a = f(z), layer by layer)
 * written out for this model, with its weights as exact float64 literals, its input scaling / one-hot
 * encoding / imputation, and the same prediction columns as `dense-lab predict`.
 */
import { utf8Bytes } from '../utf8';
import type { ModelFile } from '../../model-file/types';
import { ok, type Result } from '../../result';
import type { ExportedFile } from '../format';

/** A float64 as python reads it back exactly (repr-compatible shortest form). */
const py = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v));
const pyString = (s: string) => JSON.stringify(s);

const ACTIVATION_PY: Record<string, string> = {
  linear: 'z',
  relu: 'np.maximum(z, 0.0)',
  leaky_relu: 'np.where(z < 0, ALPHA * z, z)',
  elu: 'np.where(z > 0, z, ALPHA * np.expm1(np.minimum(z, 0.0)))',
  tanh: 'np.tanh(z)',
  sigmoid: 'np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))',
  softplus: 'np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))',
  softmax: 'softmax(z)',
};

export function pythonScript(model: ModelFile): string {
  const lines: string[] = [];
  lines.push('#!/usr/bin/env python3');
  lines.push(`"""Predictions of a Dense Lab model (${model.layers.length} dense layer${model.layers.length === 1 ? '' : 's'}) on a CSV file, with numpy only.`);
  lines.push('');
  lines.push('usage: python3 this_script.py data.csv > predictions.csv');
  lines.push('The CSV needs a header row with the input columns below; other columns are ignored.');
  lines.push('"""');
  lines.push('import csv');
  lines.push('import datetime');
  lines.push('import sys');
  lines.push('');
  lines.push('import numpy as np');
  lines.push('');
  lines.push('# inputs: name, x\' = (x - mean) / std when scaled, one-hot categories, value for an empty cell;');
  lines.push('# a date part reads the date (yyyy-mm-dd) of its column as year, month, weekday (1 = Monday) or day of year');
  lines.push('INPUTS = [');
  for (const s of model.inputs) {
    const parts = [`"name": ${pyString(s.name)}`];
    if (s.scale) parts.push(`"mean": ${py(s.scale.mean)}`, `"std": ${py(s.scale.std)}`);
    if (s.categories) parts.push(`"categories": [${s.categories.map(pyString).join(', ')}]`);
    if (s.impute !== undefined) parts.push(`"impute": ${typeof s.impute === 'string' ? pyString(s.impute) : py(s.impute)}`);
    if (s.date) parts.push(`"column": ${pyString(s.date.column)}`, `"part": ${pyString(s.date.part)}`);
    lines.push(`    {${parts.join(', ')}},`);
  }
  lines.push(']');
  lines.push('');
  lines.push('# layers: kernel[i][j] is the weight from input i to unit j; z = x @ kernel + bias; a = activation(z)');
  lines.push('LAYERS = [');
  for (const l of model.layers) {
    lines.push(`    {"activation": ${pyString(l.activation)}, "alpha": ${py(l.alpha ?? (l.activation === 'elu' ? 1 : 0.3))},`);
    lines.push('     "kernel": np.array([');
    for (const row of l.kernel) lines.push(`        [${row.map(py).join(', ')}],`);
    lines.push('     ]),');
    lines.push(`     "bias": np.array([${l.bias.map(py).join(', ')}])},`);
  }
  lines.push(']');
  const out = model.output;
  lines.push(`OUTPUT = {"name": ${pyString(out.name)}, "task": ${pyString(out.task)}${out.classes ? `, "classes": [${out.classes.map(pyString).join(', ')}]` : ''}${out.scale ? `, "mean": ${py(out.scale.mean)}, "std": ${py(out.scale.std)}` : ''}}`);
  lines.push(`
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def activate(name, z, ALPHA):
    return {
${Object.entries(ACTIVATION_PY).map(([k, v]) => `        ${pyString(k)}: lambda: ${v},`).join('\n')}
    }[name]()


def date_part(cell, part):
    d = datetime.date.fromisoformat(cell[:10])
    return {"year": d.year, "month": d.month, "weekday": d.isoweekday(), "yearday": d.timetuple().tm_yday}[part]


def encode(row):
    """One CSV row (a dict) -> the network's input vector, or None when a needed cell is empty or invalid."""
    x = []
    for spec in INPUTS:
        cell = row.get(spec.get("column", spec["name"]), "").strip()
        if cell != "" and "part" in spec:
            try:
                cell = str(date_part(cell, spec["part"]))
            except ValueError:
                return None
        if cell == "" and "impute" in spec:
            cell = str(spec["impute"])
        if "categories" in spec:
            if cell not in spec["categories"]:
                return None
            x.extend(1.0 if c == cell else 0.0 for c in spec["categories"])
            continue
        try:
            v = float(cell)
        except ValueError:
            return None
        x.append((v - spec["mean"]) / spec["std"] if "std" in spec else v)
    return x


def forward(x):
    """Forward propagation: for each layer z = a @ W + b, a = f(z)."""
    a = x
    for layer in LAYERS:
        z = a @ layer["kernel"] + layer["bias"]
        a = activate(layer["activation"], z, layer["alpha"])
    return a


def main(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    missing = [s.get("column", s["name"]) for s in INPUTS if rows and s.get("column", s["name"]) not in rows[0]]
    if missing:
        sys.exit("missing input column(s): " + ", ".join(missing))
    encoded = [encode(r) for r in rows]
    ok = [k for k, x in enumerate(encoded) if x is not None]
    width = sum(len(s.get("categories", [0])) for s in INPUTS)
    out = forward(np.array([encoded[k] for k in ok], dtype=np.float64).reshape(len(ok), width)) if ok else None
    writer = csv.writer(sys.stdout, lineterminator="\\n")
    task, classes = OUTPUT["task"], OUTPUT.get("classes")
    if task == "regression":
        writer.writerow(["prediction"])
    elif task == "binary":
        writer.writerow(["predicted_class", "probability"])
    else:
        writer.writerow(["predicted_class"] + ["p_" + c for c in classes])
    result = {k: out[n] for n, k in enumerate(ok)}
    for k in range(len(rows)):
        y = result.get(k)
        if y is None:
            writer.writerow([""] * (1 if task == "regression" else 2 if task == "binary" else 1 + len(classes)))
        elif task == "regression":
            v = y[0] * OUTPUT["std"] + OUTPUT["mean"] if "std" in OUTPUT else y[0]
            writer.writerow([repr(float(v))])
        elif task == "binary":
            p = float(y[1]) if len(y) == 2 else float(y[0])
            writer.writerow([classes[1] if p > 0.5 else classes[0], repr(p)])
        else:
            writer.writerow([classes[int(np.argmax(y))]] + [repr(float(p)) for p in y])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
`);
  return lines.join('\n');
}

export async function writePython(model: ModelFile, baseName: string): Promise<Result<ExportedFile[]>> {
  return ok([{ name: `${baseName}.py`, bytes: utf8Bytes(pythonScript(model)) }]);
}
