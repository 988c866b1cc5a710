/**
 * Joining segments (runs of whole records read separately, in file order, e.g. by several threads) into the
 * dataset a single pass over the whole file gives: rows moved into place, absolute lines, one text dictionary
 * per column, the same caps on warnings; then the columns are typed and finished (column-plan.ts).
 */
import { AppFailure } from '../../result';
import type { Dataset, LoadWarning } from '../dataset';
import { ColumnStats } from '../column-stats';
import { CELL_TEXT } from './number';
import { allocateCells, CELL_NUMBER_TEXT, intern, MAX_CELLS, newColumnState, tooLarge, WARN_PER_COLUMN, type JoinedCells } from './load-cells';
import { completeFinish, finishBlocks, planFinish, type FinishJob } from './column-plan';
import type { BuilderOptions, SegmentResult } from './segment-builder';
import { plural } from '../../text/numbers';

/**
 * Join segments (whole records, in file order; the first one starts on line 1) into the dataset a single
 * pass over the whole file gives. Cells are moved so that segment k's rows follow segment k−1's, in the
 * buffers of the first segment when every later segment is at or after its final place in them (segments
 * read into consecutive regions of one buffer); otherwise into new buffers of exactly the needed size.
 * Throws AppFailure as finishing a single pass does ('csv/no-rows', 'csv/too-large').
 */
export function finishSegments(options: BuilderOptions, segments: readonly SegmentResult[]): Dataset {
  const job = prepareFinish(options, segments);
  const stats = new ColumnStats(job.plans);
  for (const p of finishBlocks(job.values, job.missing, job.cols, job.plans, stats.shape(), 0, job.rows * job.cols, options.kernels?.blockStats)) stats.addPartial(p);
  return completeFinish(job, stats);
}

/**
 * The first step of finishing: join the segments (see finishSegments), then type the columns. The cells
 * are then converted and measured block by block (finishBlocks, on any thread; blocks start at multiples
 * of job.blockCells) and the statistics added up in block order (completeFinish).
 */
export function prepareFinish(options: BuilderOptions, segments: readonly SegmentResult[]): FinishJob {
  const cols = options.names.length;
  const rows = segments.reduce((n, s) => n + s.rows, 0);
  if (rows * cols > MAX_CELLS) throw tooLarge(rows * cols);
  const cells = joinCells(segments, cols, rows);
  // Lines: segment k starts on 1 + the line ends of the segments before it.
  const lineBase: number[] = [];
  let base = 0;
  for (const s of segments) {
    lineBase.push(base);
    base += s.lines;
  }
  const columns = options.names.map(() => newColumnState());
  // Text dictionaries in first-seen order over the whole file; later segments' codes renumbered.
  let rowAt = 0;
  segments.forEach((s, k) => {
    for (let c = 0; c < cols; c++) {
      const from = s.columns[c];
      const into = columns[c];
      const recode = new Float64Array(from.texts.length);
      let identity = true;
      from.texts.forEach((t, code) => {
        const global = intern(into, t, from.textValues[code]);
        recode[code] = global;
        if (global !== code) identity = false;
      });
      if (!identity) {
        const end = (rowAt + s.rows) * cols;
        for (let i = rowAt * cols + c; i < end; i += cols) {
          const kind = cells.kinds[i];
          if (kind === CELL_TEXT || kind === CELL_NUMBER_TEXT) cells.vals[i] = recode[cells.vals[i]];
        }
      }
      for (const sample of from.textSamples) {
        if (into.textSamples.length < WARN_PER_COLUMN) into.textSamples.push({ line: sample.line + lineBase[k], code: recode[sample.code] });
      }
      for (const line of from.errorLines) if (into.errorLines.length < WARN_PER_COLUMN) into.errorLines.push(line + lineBase[k]);
      for (const code of from.errorCodes) if (!into.errorCodes.includes(code)) into.errorCodes.push(code);
      into.errorValues += from.errorValues;
      into.textCells += from.textCells;
      into.missing += from.missing;
      into.unkeptNumbers += from.unkeptNumbers;
    }
    rowAt += s.rows;
  });
  const { warnings, shortRows } = readWarnings(options, segments, lineBase);
  for (let c = 0; c < cols; c++) columns[c].nonFinite = segments.reduce((n, s) => n + s.columns[c].nonFinite, 0);
  const first = segments.find((s) => s.rows > 0);
  const firstDataLine = first ? first.firstDataLine + lineBase[segments.indexOf(first)] : 0;
  return planFinish(options, cells, rows, columns, warnings, shortRows, firstDataLine);
}

/**
 * The sniffed warnings, then those met while reading the segments (segment k's lines counted from lineBase[k]),
 * capped over the whole file as one pass caps them; and the file's short rows. Also the streaming predict's.
 */
export function readWarnings(
  options: BuilderOptions,
  segments: readonly SegmentResult[],
  lineBase: readonly number[],
): { warnings: LoadWarning[]; shortRows: number } {
  const cols = options.names.length;
  const warnings: LoadWarning[] = [...(options.warnings ?? [])];
  const what = options.header ? 'header' : 'first row';
  const nonFinite = new Array<number>(cols).fill(0);
  let shortRows = 0;
  let extraEmpty = false;
  let invalidUtf8 = false;
  segments.forEach((s, k) => {
    for (const note of s.notes) {
      const line = note.line + lineBase[k];
      if (note.kind === 'non-finite') {
        if (nonFinite[note.col]++ < WARN_PER_COLUMN) {
          warnings.push({ line, column: options.names[note.col], message: `'${note.text}' is not a finite number; read as missing` });
        }
      } else if (note.kind === 'short-row') {
        if (shortRows++ < WARN_PER_COLUMN) {
          warnings.push({
            line,
            column: options.names[note.fields],
            message: `line ${line} has ${plural(note.fields, 'field')}; the ${what} has ${plural(cols, 'column')}: the last ${cols - note.fields === 1 ? 'one reads' : `${cols - note.fields} read`} as missing`,
          });
        }
      } else if (note.kind === 'extra-empty') {
        if (!extraEmpty) warnings.push({ line, message: 'rows end with an extra empty field (a trailing delimiter); it was ignored' });
        extraEmpty = true;
      } else if (!invalidUtf8) {
        invalidUtf8 = true;
        warnings.push({
          line,
          column: options.names[note.col],
          message: 'bytes that are not valid UTF-8 were replaced by \ufffd (from here on, check the file\'s encoding)',
        });
      }
    }
  });
  // The count: what the notes above did not count (each segment kept at most a few of each kind).
  return { warnings, shortRows: segments.reduce((n, s) => n + s.shortRows, 0) };
}

/** Move every segment's cells to their final place (see finishSegments). */
function joinCells(segments: readonly SegmentResult[], cols: number, rows: number): JoinedCells {
  const first = segments[0];
  let inPlace = first.offset === 0;
  let at = 0;
  for (const s of segments) {
    if (s.vals.buffer !== first.vals.buffer || s.offset < at) inPlace = false;
    at += s.rows * cols;
  }
  if (inPlace && first.vals.length < rows * cols) inPlace = false;
  if (inPlace) {
    // Forward in file order: each segment moves down (or stays), never over one not yet moved.
    at = 0;
    for (const s of segments) {
      const n = s.rows * cols;
      if (s.offset !== at) {
        first.vals.copyWithin(at, s.offset, s.offset + n);
        first.kinds.copyWithin(at, s.offset, s.offset + n);
      }
      at += n;
    }
    return { vals: first.vals, kinds: first.kinds };
  }
  const buffers = allocateCells(Math.max(1, rows * cols));
  if (buffers === null) throw tooLarge(rows * cols);
  const [vals, kinds] = buffers;
  at = 0;
  for (const s of segments) {
    const n = s.rows * cols;
    vals.set(s.vals.subarray(s.offset, s.offset + n), at);
    kinds.set(s.kinds.subarray(s.offset, s.offset + n), at);
    at += n;
  }
  return { vals, kinds };
}
