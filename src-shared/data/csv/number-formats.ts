/**
 * Locale number formats, decided per column from the sniffed sample, never guessed per cell. Besides the
 * file's decimal separator (sniff.ts) and its usual thousands separator (`1,234.5`; `1.234,5`), spreadsheets
 * write groups of thousands with an apostrophe (Swiss `1'234.50`, also `’`), a space, a no-break space
 * (U+00A0) or a narrow no-break space (U+202F, French `1 234,5`), and a column may use a decimal point where
 * the rest of the file uses commas. A column whose sample cells with separators all read one way (and not the
 * way the file's default reads them) gets that format: every cell of the column is then read by it, and a cell
 * that does not fit it is text, as in any numeric column (read as missing with a warning when rare).
 */

/** How a column writes its numbers. `group`: the thousands separator ('space' = space, U+00A0 or U+202F). */
export interface NumberFormat {
  readonly decimal: '.' | ',';
  readonly group: ',' | '.' | "'" | 'space' | null;
}

const GROUPS = [',', '.', "'", 'space', null] as const;
const GROUP_CLASS: Record<string, string> = { ',': ',', '.': '\\.', "'": "'\u2019", space: ' \u00a0\u202f' };
/** A cell that may be a number with separators: digits, signs, and the separators. */
const NUMBER_LIKE = /^[+-]?\d[\d.,'\u2019 \u00a0\u202f]*$/;
const HAS_SEPARATOR = /[.,'\u2019 \u00a0\u202f]/;
const OTHER_THAN_POINT = /[,'\u2019 \u00a0\u202f]/;
const OTHER_THAN_COMMA = /[.'\u2019 \u00a0\u202f]/;
/** Share of a column's sampled cells with separators that a format must read. */
const MIN_SHARE = 0.95;

function pattern(f: NumberFormat): RegExp {
  const d = f.decimal === '.' ? '\\.' : ',';
  const whole = f.group === null ? '\\d+' : `(?:\\d{1,3}(?:[${GROUP_CLASS[f.group]}]\\d{3})+|\\d+)`;
  return new RegExp(`^[+-]?${whole}(?:${d}\\d+)?$`);
}

/** Every format a column may have, most expected first (decimal point, then comma; usual groups first). */
const FORMATS: readonly NumberFormat[] = (['.', ','] as const).flatMap((decimal) =>
  GROUPS.filter((g) => g !== decimal).map((group) => ({ decimal, group })),
);
const PATTERNS = new Map(FORMATS.map((f) => [f, pattern(f)]));

/** The value of `text` (trimmed) in format `f`, or null if it is not a number written that way. */
export function parseInFormat(text: string, f: NumberFormat): number | null {
  const t = text.trim();
  if (!(PATTERNS.get(f) ?? pattern(f)).test(t)) return null;
  let plain = f.group === null ? t : t.replace(new RegExp(`[${GROUP_CLASS[f.group]}]`, 'g'), '');
  if (f.decimal === ',') plain = plain.replace(',', '.');
  const v = Number(plain);
  return Number.isFinite(v) ? v : null;
}

/** The format the file's default reading gives (number.ts): decimal as sniffed, the other of `.`/`,` grouping. */
function isDefault(f: NumberFormat, fileDecimal: '.' | ','): boolean {
  return f.decimal === fileDecimal && (f.group === null || f.group === (fileDecimal === '.' ? ',' : '.'));
}

/**
 * Per column (0-based, `cols` of them), the format its sampled cells `rows[r][c]` are written in when it is
 * not the file's default reading, else null.
 */
export function columnFormats(rows: readonly (readonly string[])[], cols: number, fileDecimal: '.' | ','): (NumberFormat | null)[] {
  const out: (NumberFormat | null)[] = [];
  // Only a separator other than the file's decimal can make a column differ from the default reading.
  const other = fileDecimal === '.' ? OTHER_THAN_POINT : OTHER_THAN_COMMA;
  for (let c = 0; c < cols; c++) {
    const cells: string[] = [];
    let evidence = false;
    for (const r of rows) {
      const t = r[c]?.trim();
      if (t === undefined || !NUMBER_LIKE.test(t) || !HAS_SEPARATOR.test(t)) continue;
      cells.push(t);
      if (!evidence && other.test(t)) evidence = true;
    }
    out.push(evidence ? bestFormat(cells, fileDecimal) : null);
  }
  return out;
}

function bestFormat(cells: readonly string[], fileDecimal: '.' | ','): NumberFormat | null {
  let best: NumberFormat | null = null;
  let bestCount = 0;
  // The file's decimal first: on a tie (`1,234` fits both `,` grouping and a decimal comma) it wins.
  const order = [...FORMATS].sort((a, b) => Number(b.decimal === fileDecimal) - Number(a.decimal === fileDecimal));
  for (const f of order) {
    const p = PATTERNS.get(f) as RegExp;
    let n = 0;
    for (const t of cells) if (p.test(t)) n++;
    if (n > bestCount) [best, bestCount] = [f, n];
  }
  if (best === null || bestCount < MIN_SHARE * cells.length || isDefault(best, fileDecimal)) return null;
  return best;
}
