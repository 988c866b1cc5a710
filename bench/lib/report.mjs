// The bench's result rows: target, Dense Lab's median, the anchor's median, the speed ratio, pass/miss; as a
// text table and as JSON.
import { machineLine } from './machine.mjs';
import { median } from './stats.mjs';

/**
 * One result row. `better` says which way is faster ('higher' for MB/s and GFLOP/s, 'lower' for seconds).
 * `target` is { atLeast } / { atMost } on the measured value, { vsAnchor } on the ratio, both ({ atLeast, vsAnchor,
 * text }: passes when both hold; no verdict without the anchor), or null (reported only).
 * ratio = how many times faster than the anchor: measured / anchor when higher is better, anchor / measured else.
 */
export function resultRow({ id, label, unit, better, target = null, runs, anchor = null, anchorSkipped = null, note = null }) {
  const measured = median(runs ?? []);
  const anchorValue = anchor ? median(anchor.runs) : Number.NaN;
  const ratio = Number.isFinite(measured) && Number.isFinite(anchorValue) && measured > 0 && anchorValue > 0
    ? better === 'higher' ? measured / anchorValue : anchorValue / measured
    : null;
  let pass = null;
  if (target && Number.isFinite(measured)) {
    if ('atLeast' in target && 'vsAnchor' in target) pass = ratio === null ? null : measured >= target.atLeast && ratio >= target.vsAnchor;
    else if ('atLeast' in target) pass = measured >= target.atLeast;
    else if ('atMost' in target) pass = measured <= target.atMost;
    else if ('vsAnchor' in target && ratio !== null) pass = ratio >= target.vsAnchor;
  }
  return {
    id, label, unit, better, target,
    measured: Number.isFinite(measured) ? measured : null,
    runs: runs ?? [],
    anchor: anchor ? { name: anchor.name, value: Number.isFinite(anchorValue) ? anchorValue : null, runs: anchor.runs, detail: anchor.detail ?? null } : null,
    anchorSkipped,
    ratio,
    pass,
    note,
  };
}

/** A number with 3 significant figures (integers from 1000 up as they are). */
export function formatNumber(x) {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (Math.abs(x) >= 1000) return String(Math.round(x));
  return x.toPrecision(3).replace(/^(\d+)\.0+$/, '$1');
}

/** The target in words: `≥ 300 MB/s`, `≤ 10 s`, `≥ 8× pandas script`, or `—`. */
export function targetText(row) {
  const t = row.target;
  if (!t) return '—';
  if (t.text) return t.text;
  if ('atLeast' in t) return `≥ ${t.atLeast} ${row.unit}`;
  if ('atMost' in t) return `≤ ${t.atMost} ${row.unit}`;
  return t.text ?? `≥ ${t.vsAnchor}× anchor`;
}

/** The runs' range, `min–max`, or `—` for fewer than two runs. */
export function rangeText(runs) {
  const finite = runs.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return '—';
  return `${formatNumber(Math.min(...finite))}–${formatNumber(Math.max(...finite))}`;
}

function cells(row) {
  return [
    row.label,
    targetText(row),
    `${formatNumber(row.measured)} ${row.unit}${row.note ? ` ${row.note}` : ''}`,
    rangeText(row.runs),
    row.anchor ? `${row.anchor.name} ${formatNumber(row.anchor.value)} ${row.unit}` : `skipped: ${row.anchorSkipped ?? 'none'}`,
    row.ratio === null ? '—' : `×${formatNumber(row.ratio)}`,
    row.pass === null ? '—' : row.pass ? 'pass' : 'MISS',
  ];
}

/** Rows of cells as a Markdown-compatible pipe table, columns padded to their widest cell. */
export function pipeTable(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The whole report as text: machine, settings, the table, then anchors skipped and notes. */
export function formatReport(report) {
  const m = report.machine;
  const lines = [
    `Dense Lab bench — ${m.date} — ${machineLine(m)}`,
    `load average ${report.loadBefore} before, ${m.load} after${report.loadBefore >= m.cores || m.load >= m.cores ? ' (machine busy with other work: figures are lower bounds)' : ''}; ` +
      `median of ${report.runs} run${report.runs === 1 ? '' : 's'} (heavy rows: ${report.heavyRuns})${report.quick ? '; QUICK smoke run on smaller data, not comparable to the targets' : ''}; ${report.seconds.toFixed(0)} s`,
    '',
    pipeTable(['measure', 'target', 'Dense Lab (median)', 'its runs', 'anchor (same run, median)', 'ratio', 'result'], report.rows.map(cells)),
    '',
    'ratio: how many times faster Dense Lab is than the anchor (above 1: faster).',
  ];
  for (const n of report.notes) lines.push(`- ${n}`);
  return lines.join('\n');
}
