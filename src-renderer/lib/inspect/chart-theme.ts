/**
 * Chart colours resolved from the view's CSS variables. A canvas cannot read CSS variables (and
 * light-dark() only resolves on a real property), so a probe element reads each as a computed colour.
 */
import { formatNumber } from '../format/numbers';

export interface Palette {
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly pos: string;
  readonly neg: string;
  readonly accent: string;
  readonly surface: string;
  /** Distinct series colours, in order. */
  readonly series: readonly string[];
}

const VARS = ['--ins-fg', '--ins-muted', '--ins-border', '--ins-pos', '--ins-neg', '--ins-accent', '--ins-surface', '--ins-s1', '--ins-s2', '--ins-s3', '--ins-s4', '--ins-s5', '--ins-s6'];

/** The palette as seen from `el` (inside an InspectFrame). */
export function readPalette(el: HTMLElement): Palette {
  // One probe per variable, all inserted before the first read: the styles are computed once, not 13 times.
  const probes = VARS.map((v) => {
    const probe = document.createElement('span');
    probe.style.display = 'none';
    probe.style.color = `var(${v})`;
    return probe;
  });
  el.append(...probes);
  const c = probes.map((probe) => getComputedStyle(probe).color);
  for (const probe of probes) probe.remove();
  return { fg: c[0], muted: c[1], grid: c[2], pos: c[3], neg: c[4], accent: c[5], surface: c[6], series: c.slice(7) };
}

/** `color` with alpha (accepts the rgb()/rgba() strings getComputedStyle returns). */
export function withAlpha(color: string, alpha: number): string {
  const m = color.match(/rgba?\(([^)]+)\)/);
  if (!m) return color;
  const [r, g, b] = m[1].split(/[ ,/]+/).filter(Boolean);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Axis and legend styling shared by every chart. */
/** Which axes count things (rows, weights, epochs): their ticks are whole numbers, never "1.5 rows". */
export interface WholeAxes {
  readonly x?: boolean;
  readonly y?: boolean;
}

export function baseOptions(p: Palette, x: string, y: string, whole: WholeAxes = {}) {
  const axis = (title: string, counts = false) => ({
    title: { display: title !== '', text: title, color: p.muted },
    // tick labels in the UI's number format (locale, typographic minus, significant digits: no 0.30000000000000004);
    // a count axis steps by whole numbers (precision 0: Chart.js rounds its step up to at least 1)
    ticks: { color: p.muted, callback: (v: number | string) => (typeof v === 'number' ? formatNumber(v, 4) : v), ...(counts ? { precision: 0 } : {}) },
    grid: { color: withAlpha(p.grid, 0.6) },
    border: { color: p.grid },
  });
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    scales: { x: { type: 'linear' as const, ...axis(x, whole.x) }, y: { type: 'linear' as const, ...axis(y, whole.y) } },
    plugins: { legend: { labels: { color: p.fg, boxWidth: 12 } }, tooltip: { enabled: true } },
  };
}
