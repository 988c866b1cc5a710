/**
 * The course's worked examples (chapter 1 of "Introduction to Deep Learning in Python"), built into the app.
 * Each is written in the course's own notation and imported with importCourseNotation, so what the app shows
 * is what a user pasting the same code would get. Expected numbers are the course's (recomputed in numpy
 * float64, see shared/course-examples.md), not computed here.
 *
 * S2′ is kept apart (courseSlideS2Prime): the course slide prints S2's number 1.2382242525694254 next to code
 * with other inputs and weights, and that code actually gives 0.99010953783342. The app shows the consistent S2.
 */
import type { ActivationName } from '../nn/model';
import type { ModelFile } from '../model-file/types';
import { importCourseNotation } from './notation';

export type CourseExampleId = 'S1' | 'S2' | 'S2prime' | 'E1' | 'E2' | 'E3' | 'E4';

/** What the course says one row gives: per hidden layer its z and/or a (as stated), and the output. */
export interface ExpectedRow {
  readonly input: number[];
  readonly hidden: readonly { readonly z?: number[]; readonly a?: number[] }[];
  readonly output: number[];
}

export interface CourseExample {
  readonly id: CourseExampleId;
  readonly title: string;
  readonly description: string;
  /** The course's code for this example, as a user would paste it. */
  readonly notation: string;
  readonly hiddenActivation: ActivationName;
  readonly outputActivation: ActivationName;
  readonly model: ModelFile;
  /** The (first) input row. */
  readonly input: number[];
  /** The course's numbers for `input`. */
  readonly expected: ExpectedRow;
  /** Every row the course evaluates (E3 has four; the others one, equal to `expected`). */
  readonly rows: readonly ExpectedRow[];
}

interface Definition {
  readonly id: CourseExampleId;
  readonly title: string;
  readonly description: string;
  readonly notation: string;
  readonly hiddenActivation: ActivationName;
  readonly outputActivation: ActivationName;
  readonly rows: readonly ExpectedRow[];
}

const S1_NOTATION = `input_data = np.array([2, 3])
weights = {'node_0': np.array([1, 1]),
           'node_1': np.array([-1, 1]),
           'output': np.array([2, -1])}`;

const E1_NOTATION = `input_data = np.array([3, 5])
weights = {'node_0': np.array([2, 4]),
           'node_1': np.array([4, -5]),
           'output': np.array([2, 7])}`;

const DEFINITIONS: readonly Definition[] = [
  {
    id: 'S1',
    title: 'Forward propagation, no activation',
    description: 'Two inputs, one hidden layer of two nodes, one output; each node sums its weighted inputs. Hidden [5, 1], output 9.',
    notation: S1_NOTATION,
    hiddenActivation: 'linear',
    outputActivation: 'linear',
    rows: [{ input: [2, 3], hidden: [{ z: [5, 1], a: [5, 1] }], output: [9] }],
  },
  {
    id: 'S2',
    title: 'The same network with tanh on the hidden layer',
    description: 'S1 with tanh applied to each hidden node: output = 2·tanh(5) − tanh(1) = 1.2382242525694254.',
    notation: S1_NOTATION,
    hiddenActivation: 'tanh',
    outputActivation: 'linear',
    rows: [{ input: [2, 3], hidden: [{ z: [5, 1] }], output: [1.2382242525694254] }],
  },
  {
    id: 'E1',
    title: 'Forward propagation exercise',
    description: 'Inputs [3, 5], no activation: hidden [26, −13], output −39.',
    notation: E1_NOTATION,
    hiddenActivation: 'linear',
    outputActivation: 'linear',
    rows: [{ input: [3, 5], hidden: [{ z: [26, -13], a: [26, -13] }], output: [-39] }],
  },
  {
    id: 'E2',
    title: 'ReLU on the hidden layer',
    description: 'E1 with ReLU on the hidden layer only: node_1’s −13 becomes 0, so hidden [26, 0] and output 52.',
    notation: E1_NOTATION,
    hiddenActivation: 'relu',
    outputActivation: 'linear',
    rows: [{ input: [3, 5], hidden: [{ z: [26, -13], a: [26, 0] }], output: [52] }],
  },
  {
    id: 'E3',
    title: 'Applying the network to many rows',
    description: 'E1’s weights with ReLU on the hidden layer and on the output, over four rows: outputs [52, 63, 0, 148].',
    notation: E1_NOTATION,
    hiddenActivation: 'relu',
    outputActivation: 'relu',
    rows: [
      { input: [3, 5], hidden: [{ a: [26, 0] }], output: [52] },
      { input: [1, -1], hidden: [{ a: [0, 9] }], output: [63] },
      { input: [0, 0], hidden: [{ a: [0, 0] }], output: [0] },
      { input: [8, 4], hidden: [{ a: [32, 12] }], output: [148] },
    ],
  },
  {
    id: 'E4',
    title: 'Multi-layer network',
    description: 'Two hidden ReLU layers: first layer [26, 0] (3·4 + 5·−5 = −13 → 0), second [0, 26], output 182.',
    notation: `input_data = np.array([3, 5])
weights = {'node_0_0': np.array([2, 4]),
           'node_0_1': np.array([4, -5]),
           'node_1_0': np.array([-1, 2]),
           'node_1_1': np.array([1, 2]),
           'output': np.array([2, 7])}`,
    hiddenActivation: 'relu',
    outputActivation: 'linear',
    rows: [{ input: [3, 5], hidden: [{ z: [26, -13], a: [26, 0] }, { z: [-26, 26], a: [0, 26] }], output: [182] }],
  },
];

const S2_PRIME: Definition = {
  id: 'S2prime',
  title: 'The slide’s code next to S2’s number (inconsistent)',
  description:
    'The course slide shows this code beside 1.2382242525694254, but it gives 0.99010953783342 (z [3, 9]). Kept as a test; the app shows the consistent S2.',
  notation: `input_data = np.array([-1, 2])
weights = {'node_0': np.array([3, 3]),
           'node_1': np.array([1, 5]),
           'output': np.array([2, -1])}`,
  hiddenActivation: 'tanh',
  outputActivation: 'linear',
  rows: [{ input: [-1, 2], hidden: [{ z: [3, 9] }], output: [0.99010953783342] }],
};

function build(def: Definition): CourseExample {
  const imported = importCourseNotation(def.notation, { hiddenActivation: def.hiddenActivation, outputActivation: def.outputActivation });
  if (!imported.ok) throw new Error(`built-in course example ${def.id} does not import: ${imported.error.message}`);
  return {
    id: def.id,
    title: def.title,
    description: def.description,
    notation: def.notation,
    hiddenActivation: def.hiddenActivation,
    outputActivation: def.outputActivation,
    model: imported.value.model,
    input: def.rows[0].input,
    expected: def.rows[0],
    rows: def.rows,
  };
}

/** The built-in examples the app offers, in course order: S1, S2, E1, E2, E3, E4 (fresh objects each call). */
export function courseExamples(): CourseExample[] {
  return DEFINITIONS.map(build);
}

/** One built-in example by id (S2prime included), or undefined. */
export function courseExample(id: CourseExampleId): CourseExample | undefined {
  const def = id === 'S2prime' ? S2_PRIME : DEFINITIONS.find((d) => d.id === id);
  return def ? build(def) : undefined;
}

/** S2′: the slide's code printed next to S2's number, which it does not give (see the module comment). */
export function courseSlideS2Prime(): CourseExample {
  return build(S2_PRIME);
}
