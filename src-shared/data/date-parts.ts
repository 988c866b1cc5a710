/**
 * A date column as model inputs: the parts a network can learn from, each one number (UTC, as dates.ts reads
 * every date). A model file names each part as an input of its own:
 *   {"name": "date.month", "date": {"column": "date", "part": "month"}, "scale": {…}}
 * so the date cell of column `date` feeds the network its month (1–12), standardized like any number.
 *   year       e.g. 2012
 *   month      1 (January) … 12
 *   weekday    1 (Monday) … 7 (Sunday), ISO 8601
 *   yearday    1 (1 January) … 365, or 366 in a leap year
 */
import { DATE_PARTS, type DatePart } from '../model-file/types';

export { DATE_PARTS, type DatePart };


/** The part in a person's words, for captions and the sidebar. */
export const DATE_PART_WORDS: Readonly<Record<DatePart, string>> = { year: 'year', month: 'month', weekday: 'day of week', yearday: 'day of year' };

const DAY_MS = 86_400_000;

/** Part `part` of the date `ms` (milliseconds since 1970-01-01T00:00:00Z); NaN for NaN. */
export function datePartOf(ms: number, part: DatePart): number {
  if (!Number.isFinite(ms)) return NaN;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'weekday':
      // getUTCDay: 0 = Sunday … 6 = Saturday → ISO 1 = Monday … 7 = Sunday
      return ((d.getUTCDay() + 6) % 7) + 1;
    case 'yearday': {
      const start = new Date(0);
      start.setUTCFullYear(d.getUTCFullYear(), 0, 1);
      return Math.floor((ms - start.getTime()) / DAY_MS) + 1;
    }
  }
}

/** The input name a part of date column `column` gets: `date.month`. */
export function datePartInputName(column: string, part: DatePart): string {
  return `${column}.${part}`;
}
