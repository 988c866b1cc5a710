/** The loader's errors for a row whose fields do not match the columns ('csv/ragged-row'), for every reader of records. */
import { AppFailure } from '../../result';
import { plural } from '../../text/numbers';

/** Line `line` has `fields` fields, more than the `columns` columns (header: whether line 1 named them). */
export function tooManyFields(line: number, fields: number, columns: number, header: boolean): AppFailure {
  return new AppFailure({
    kind: 'csv/ragged-row',
    message: `line ${line} has ${plural(fields, 'field')}; the ${header ? 'header' : 'first row'} has ${plural(columns, 'column')} (field ${columns + 1} has no column)`,
    line,
    column: columns + 1,
  });
}

/** Line `line` has `fields` fields, fewer than half the `columns` columns: too few to read as a short row. */
export function tooFewFields(line: number, fields: number, columns: number, header: boolean): AppFailure {
  return new AppFailure({
    kind: 'csv/ragged-row',
    message: `line ${line} has ${plural(fields, 'field')}; the ${header ? 'header' : 'first row'} has ${plural(columns, 'column')} (too few fields to read the row: is a quote or line break misplaced?)`,
    line,
    column: fields + 1,
  });
}
