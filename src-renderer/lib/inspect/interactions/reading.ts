/** The one-line readings under the interaction plot, in words a person can check against the chart. */
import type { Dependence } from '../../../../src-shared/analysis/partial-dependence';
import { formatFixed } from '../format';

/** How parallel the lines are, from their non-parallel share (0: parallel) and, when known, the pair's H. */
export function dependenceReading(pd: Dependence, h: number | null, who: string): string {
  if (pd.interaction === null || pd.by === null) return `${who}: the mean ${pd.label} as ${pd.feature} varies (no grouping).`;
  const strength = h === null ? '' : ` (H = ${formatFixed(h, 2)})`;
  const share = pd.interaction;
  if (share < 0.01) return `${who}: the lines are parallel: ${pd.feature}'s effect does not depend on ${pd.by}${strength}.`;
  const word = share < 0.1 ? 'slightly' : share < 0.3 ? 'clearly' : 'strongly';
  return `${who}: the lines are ${word} not parallel (${Math.round(share * 100)} % of the variation is interaction): ${pd.feature}'s effect depends on ${pd.by}${strength}.`;
}
