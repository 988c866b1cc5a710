/**
 * One export row, field by field: the original cells of a record as the tokenizer hands them (re-quoted
 * where needed, formulas neutralised), then that row's prediction cells.
 */
import { decodeField } from '../../../src-shared/data/csv/records';
import type { FieldSink } from '../../../src-shared/data/csv/tokenizer';
import { AppFailure } from '../../../src-shared/result';
import { MAX_NUMBER_TEXT } from '../../../src-shared/data/number-text';
import type { PredictionColumn } from '../../../src-shared/jobs/prediction-columns';
import { ByteBuffer, writeNumberCell, writeTextCell, writeTextString } from './cells';
import type { NumberTexts } from './number-texts';

const LF = 0x0a;
const COMMA = 0x2c;

/** Copies the original cells of each record and appends that row's predictions. */
export class RowWriter implements FieldSink {
  private col = 0;
  private written = 0;
  /** Records still to skip before the data (the header, an Excel `sep=` line). */
  skip: number;
  row = 0;
  /** Physical lines copied without the tokenizer seeing them: added to its line numbers in messages. */
  lineOffset = 0;
  readonly classCells: (Uint8Array[] | null)[];
  /** Most bytes one row's predictions take, with their commas and the line end. */
  readonly predictionBytes: number;
  /** Number texts a worker formats ahead (null: format them here). */
  texts: NumberTexts | null = null;
  /** Row of the predictions' first entry: they hold rows [rowBase, rows) (a window of them when streaming). */
  private rowBase = 0;
  /** For each prediction column, its index among the number columns (−1 for a class column). */
  private readonly numberIndex: number[];

  constructor(
    private readonly out: ByteBuffer,
    private readonly include: readonly boolean[],
    private predictions: readonly PredictionColumn[],
    private rows: number,
    private readonly tokenEncoding: 'utf-8' | 'windows-1252',
    private readonly neutralise: boolean,
    skip: number,
    private readonly path: string,
  ) {
    this.skip = skip;
    // Class labels are the same few texts on every row: encode each once.
    this.classCells = predictions.map((p) => {
      if (p.kind !== 'class') return null;
      return p.classes.map((label) => {
        const cell = new ByteBuffer(64);
        writeTextString(cell, label, neutralise);
        return cell.take().slice();
      });
    });
    this.predictionBytes = 1 + this.classCells.reduce((sum, cells) => sum + 1 + (cells ? Math.max(0, ...cells.map((c) => c.length)) : MAX_NUMBER_TEXT), 0);
    let q = 0;
    this.numberIndex = predictions.map((p) => (p.kind === 'number' ? q++ : -1));
  }

  /**
   * The predictions of rows [rowBase, rowEnd) only, for a file exported as it is read (a batch at a time):
   * the same columns (names, kinds, classes) as at construction, each rowEnd − rowBase long.
   */
  window(predictions: readonly PredictionColumn[], rowBase: number, rowEnd: number): void {
    this.predictions = predictions;
    this.rowBase = rowBase;
    this.rows = rowEnd;
  }

  /** The prediction columns now (a window of them when streaming) and the row of their first entry. */
  get current(): { readonly predictions: readonly PredictionColumn[]; readonly rowBase: number } {
    return { predictions: this.predictions, rowBase: this.rowBase };
  }

  field(bytes: Uint8Array, start: number, end: number): void {
    const c = this.col++;
    if (this.skip > 0 || c >= this.include.length || !this.include[c]) return;
    const out = this.out;
    if (this.written++ > 0) out.byte(COMMA);
    if (this.tokenEncoding === 'utf-8') {
      writeTextCell(out, bytes, start, end, this.neutralise);
    } else {
      writeTextString(out, decodeField(bytes, start, end, this.tokenEncoding), this.neutralise);
    }
  }

  endRecord(line: number): void {
    const out = this.out;
    const cols = this.include.length;
    if (this.skip > 0) {
      this.skip--;
      this.col = 0;
      return;
    }
    // A short row (the loader read its last cells as missing): empty cells keep the columns aligned.
    for (let c = this.col; c < cols; c++) if (this.include[c] && this.written++ > 0) out.byte(COMMA);
    const r = this.row++;
    if (r >= this.rows) {
      const at = line + this.lineOffset;
      throw new AppFailure({
        kind: 'export/source-changed',
        message: `${this.path} has more rows than when it was loaded (line ${at} is row ${r + 1}; ${this.rows} were loaded). Load the file again.`,
        file: this.path,
        line: at,
      });
    }
    this.written = this.appendPredictions(r, this.written);
    out.byte(LF);
    this.col = 0;
    this.written = 0;
  }

  /**
   * Append row `r`'s prediction cells, each after a comma unless it is the row's first cell
   * (`written` cells are in the row so far); returns the new count.
   */
  appendPredictions(r: number, written: number): number {
    const out = this.out;
    const preds = this.predictions;
    const i = r - this.rowBase;
    for (let p = 0; p < preds.length; p++) {
      if (written++ > 0) out.byte(COMMA);
      const column = preds[p];
      if (column.kind === 'number') {
        const texts = this.texts;
        if (texts === null || !texts.copy(out, r, this.numberIndex[p])) writeNumberCell(out, column.values[i]);
      } else {
        const code = column.codes[i];
        if (code >= 0) {
          const cell = this.classCells[p]![code];
          out.reserve(cell.length);
          out.bytes.set(cell, out.length);
          out.length += cell.length;
        }
      }
    }
    return written;
  }
}
