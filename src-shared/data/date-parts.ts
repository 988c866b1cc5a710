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
import { DATE_PARTS, type DatePart, type InputSpec } from '../model-file/types';
import type { ColumnInfo } from './dataset';

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

const YEAR_MS = 365.2425 * DAY_MS;
/** Mean and population sd of a part over whole years of days: uniform months, weekdays and days of the year. */
const UNIFORM: Readonly<Record<Exclude<DatePart, 'year'>, { mean: number; std: number }>> = {
  month: { mean: 6.5, std: Math.sqrt((12 * 12 - 1) / 12) },
  weekday: { mean: 4, std: 2 },
  yearday: { mean: 183, std: Math.sqrt((365 * 365 - 1) / 12) },
};

/**
 * Input specs for a date column before any training (a hand-built network): its four parts, with `scale` standardised
 * from the column summary alone — the year from the dates' mean and sd (in years), the other parts as over whole years
 * of days. Training fits every part on its rows instead (prepare.ts).
 */
export function datePartSpecs(column: ColumnInfo, scale: boolean): InputSpec[] {
  return DATE_PARTS.map((part) => {
    const base: InputSpec = { name: datePartInputName(column.name, part), date: { column: column.name, part } };
    if (!scale) return base;
    if (part !== 'year') return { ...base, scale: UNIFORM[part] };
    const mean = column.mean !== null ? datePartOf(column.mean, 'year') : NaN;
    const std = column.std !== null ? column.std / YEAR_MS : NaN;
    return Number.isFinite(mean) ? { ...base, scale: { mean, std: Number.isFinite(std) && std > 0 ? std : 1 } } : base;
  });
}
