import { describe, expect, it } from 'vitest';
import { pca } from '../../../../src-shared/analysis/pca';

// A fixed 8 × 3 matrix. The expected numbers were made once with /usr/bin/python3 and numpy 1.24.2:
//   Xc = X − X.mean(0); U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
//   each row of Vt flipped so its largest-|value| entry is positive; variance = s² / (n − 1); scores = Xc @ Vt[:2].T
const X = [
  [2.5, 2.4, 0.5], [0.5, 0.7, 1.5], [2.2, 2.9, 0.1], [1.9, 2.2, 0.8],
  [3.1, 3.0, -0.3], [2.3, 2.7, 0.4], [2.0, 1.6, 1.1], [1.0, 1.1, 1.9],
];
const COMPONENTS = [
  [0.590150516861649, 0.6179243664945931, -0.5195111593990881],
  [0.7995592715810698, -0.3585268020081811, 0.4818334810601442],
];
const VARIANCE = [1.8473550960546874, 0.0697406135443119];
const RATIO = [0.9471013950294098, 0.03575459451141137];
const SCORES = [
  0.6626628746951925, 0.2127725093466568, -2.087620741468002, -0.2950169893414308, 1.0023843666436298, -0.3990920655558122,
  0.029134343459558103, -0.05070764888230575, 1.8031167322282085, 0.09192520624227463, 0.7819611972111494, -0.10288073367802619,
  -0.4384585725707594, 0.3889144037987532, -1.7531802001989756, 0.15408531806988923,
];

describe('pca: the first components of a hidden layer, as numpy’s SVD gives them, with fixed signs', () => {
  it('matches numpy.linalg.svd on a fixed matrix (components, variances, scores)', () => {
    const p = pca(Float64Array.from(X.flat()), 8, 3, 2);
    COMPONENTS.flat().forEach((v, i) => expect(p.components[i]).toBeCloseTo(v, 12));
    VARIANCE.forEach((v, i) => expect(p.variance[i]).toBeCloseTo(v, 12));
    RATIO.forEach((v, i) => expect(p.varianceRatio[i]).toBeCloseTo(v, 12));
    SCORES.forEach((v, i) => expect(p.scores[i]).toBeCloseTo(v, 12));
  });

  it('gives the same signs when the rows come in another order or the data is negated then re-centred', () => {
    const reversed = pca(Float64Array.from([...X].reverse().flat()), 8, 3, 2);
    const negated = pca(Float64Array.from(X.flat().map((v) => -v)), 8, 3, 2);
    COMPONENTS.flat().forEach((v, i) => expect(reversed.components[i]).toBeCloseTo(v, 12));
    // −X has the same principal axes; the sign rule puts the largest loading positive again
    COMPONENTS.flat().forEach((v, i) => expect(negated.components[i]).toBeCloseTo(v, 12));
  });
});
