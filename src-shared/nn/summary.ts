/**
 * A Keras-style model summary: one row per Dense layer (and per Dropout layer after one) with its output shape
 * and parameter count. Layer names follow Keras's automatic naming per type: dense, dense_1, …; dropout, dropout_1, …
 */

/** What a summary needs to know about a network: its input width and each layer's units (a Network fits). */
export interface NetworkShape {
  readonly inputSize: number;
  readonly layers: readonly { readonly units: number; readonly activation?: string; readonly dropout?: number }[];
}

export interface SummaryRow {
  /** Keras's automatic layer name: `dense`, `dense_1`, … */
  readonly name: string;
  readonly type: 'Dense' | 'Dropout';
  /** Keras's output shape text, e.g. `(None, 100)`. */
  readonly outputShape: string;
  readonly units: number;
  readonly activation?: string;
  /** inputs · units weights + units biases (0 for Dropout). */
  readonly params: number;
  /** Dropout: the rate. */
  readonly rate?: number;
}

export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  /** Every parameter of a dense network is trainable. */
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
}

/** Per-layer parameter counts, params = inputs·units + units, and their total. */
export function summarize(net: NetworkShape): ModelSummary {
  let inputs = net.inputSize;
  let dropouts = 0;
  const rows: SummaryRow[] = net.layers.flatMap((layer, index) => {
    const params = inputs * layer.units + layer.units;
    inputs = layer.units;
    const dense: SummaryRow = {
      name: index === 0 ? 'dense' : `dense_${index}`,
      type: 'Dense',
      outputShape: `(None, ${layer.units})`,
      units: layer.units,
      ...(layer.activation !== undefined ? { activation: layer.activation } : {}),
      params,
    };
    if (layer.dropout === undefined) return [dense];
    const name = dropouts === 0 ? 'dropout' : `dropout_${dropouts}`;
    dropouts++;
    return [dense, { name, type: 'Dropout', outputShape: `(None, ${layer.units})`, units: layer.units, params: 0, rate: layer.dropout }];
  });
  const totalParams = rows.reduce((t, r) => t + r.params, 0);
  return { rows, totalParams, trainableParams: totalParams, nonTrainableParams: 0 };
}

/** 11301 → "11,301" (Keras 2 prints totals with thousands separators; fixed here, not locale-dependent). */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The summary as Keras 2 prints it (`model.summary()`), plain ASCII:
 * a header, one row per layer (`dense (Dense)   (None, 100)   1100`), then total/trainable/non-trainable params.
 */
export function formatSummary(summary: ModelSummary, title = 'sequential'): string {
  const cols = [29, 26, 10];
  const width = 65;
  const cell = (text: string, w: number) => (text.length >= w ? `${text} ` : text.padEnd(w));
  const line = (a: string, b: string, c: string) => ` ${cell(a, cols[0] - 1)}${cell(b, cols[1])}${cell(c, cols[2])}`.trimEnd();
  const out: string[] = [];
  out.push(`Model: "${title}"`);
  out.push('_'.repeat(width));
  out.push(line('Layer (type)', 'Output Shape', 'Param #'));
  out.push('='.repeat(width));
  summary.rows.forEach((row, k) => {
    out.push(line(`${row.name} (${row.type})`, row.outputShape, String(row.params)));
    if (k < summary.rows.length - 1) out.push('');
  });
  out.push('='.repeat(width));
  out.push(`Total params: ${groupThousands(summary.totalParams)}`);
  out.push(`Trainable params: ${groupThousands(summary.trainableParams)}`);
  out.push(`Non-trainable params: ${groupThousands(summary.nonTrainableParams)}`);
  out.push('_'.repeat(width));
  return out.join('\n') + '\n';
}
