/**
 * What an input node says about the row it shows: the cell as the dataset holds it and how it reached the
 * network, from THE row path (src-shared/jobs/row-path.ts): for `Horsepower` `130 → 0.66 (standardised)`,
 * for each slot of a one-hot input `island=Biscoe` the row's category `row: Torgersen`.
 */
import type { RowPath } from '../../../src-shared/jobs/row-path';
import { formatRounded } from './format';

/** One caption per network input (the part after its name) (one-hot inputs: one per category slot), in network order. */
export function inputCaptions(path: RowPath): string[] {
  const out: string[] = [];
  for (const input of path.inputs) {
    const raw = input.raw === null ? 'empty' : typeof input.raw === 'number' ? formatRounded(input.raw, 6) : input.raw;
    const imputed = input.raw === null && input.imputed !== null ? `, imputed ${typeof input.imputed === 'number' ? formatRounded(input.imputed, 6) : input.imputed}` : '';
    if (input.kind === 'one-hot') {
      for (let k = 0; k < (input.categories ?? []).length; k++) out.push(`row: ${raw}${imputed}`);
      continue;
    }
    const v = input.network[0];
    const how = input.scale ? ' (standardised)' : '';
    // a date part: the date, then the part read from it (`2012-01-01 → 1 → −1.6`)
    const part = typeof input.raw === 'string' && typeof input.imputed === 'number' ? ` → ${formatRounded(input.imputed, 6)}` : '';
    out.push(v === undefined ? raw : `${raw}${imputed}${part} → ${formatRounded(v, 3)}${how}`);
  }
  return out;
}
