/**
 * Importing the course's notation ("Introduction to Deep Learning in Python"): numpy-style Python such as
 *
 *   input_data = np.array([2, 3])
 *   weights = {'node_0': np.array([1, 1]), 'node_1': np.array([-1, 1]), 'output': np.array([2, -1])}
 *
 * becomes a model file plus the input row. Keys are `node_<i>` (one hidden layer) or `node_<layer>_<i>`
 * (several hidden layers), and `output` (one output node). Each node's list holds its weights from every
 * node of the previous layer, so a layer's Keras kernel is the transpose of its nodes' lists. No biases.
 *
 * Read: `input_data = …` and `weights = {…}` statements; values written as np.array([...]), numpy.array([...]),
 * array([...]) or plain [...] lists; ints, floats, negatives, scientific notation; any whitespace, newlines,
 * trailing commas and # comments. Other statements (imports, prints, other variables) are skipped and listed.
 * Anything it cannot read is an error that quotes the offending part, with its line and column.
 */
import type { ActivationName } from '../nn/model';
import { checkModel } from '../model-file/read';
import { MODEL_FORMAT, MODEL_VERSION, type LayerSpec, type ModelFile } from '../model-file/types';
import { AppFailure, err, ok, type AppError, type Result } from '../result';
import { plural } from '../text/numbers';

export interface CourseImportOptions {
  /** Activation of every hidden layer. Default 'linear' (the course's first examples use none). */
  readonly hiddenActivation?: ActivationName;
  /** Activation of the output node. Default 'linear'. */
  readonly outputActivation?: ActivationName;
}

export interface CourseImport {
  /** A regression model: inputs x_0, x_1, …, output "output", zero biases. */
  readonly model: ModelFile;
  /** The `input_data` row, when the text has one. */
  readonly input?: number[];
  /** Statements that were skipped (not input_data or weights), as written, for the caller to show. */
  readonly skipped: string[];
}

type TokenKind = 'name' | 'number' | 'string' | 'punct' | 'newline' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Character offsets in the source. */
  readonly start: number;
  readonly end: number;
}

interface Located<T> {
  readonly value: T;
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The source between two offsets, on one line and at most 80 characters, for quoting in messages. */
function quote(text: string, start: number, end: number): string {
  const s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function failAt(text: string, start: number, end: number, message: string, kind = 'course/invalid'): never {
  const { line, column } = position(text, start);
  throw new AppFailure({ kind, message: `line ${line}, column ${column}: ${message} in \`${quote(text, start, end)}\``, line, column });
}

const NUMBER = /^(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Python-ish tokens; newlines only outside brackets (as Python's logical lines). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === '\n') {
      if (depth === 0) tokens.push({ kind: 'newline', text: '\n', start: k, end: k + 1 });
      k++;
    } else if (c === '\\' && (text[k + 1] === '\n' || (text[k + 1] === '\r' && text[k + 2] === '\n'))) {
      k += text[k + 1] === '\r' ? 3 : 2;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      k++;
    } else if (c === '#') {
      while (k < text.length && text[k] !== '\n') k++;
    } else if (c === "'" || c === '"') {
      let e = k + 1;
      while (e < text.length && text[e] !== c && text[e] !== '\n') e += text[e] === '\\' ? 2 : 1;
      if (text[e] !== c) failAt(text, k, Math.min(e, text.length), 'unterminated string', 'course/syntax');
      tokens.push({ kind: 'string', text: text.slice(k + 1, e), start: k, end: e + 1 });
      k = e + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[k + 1] ?? ''))) {
      const m = NUMBER.exec(text.slice(k))!;
      tokens.push({ kind: 'number', text: m[0], start: k, end: k + m[0].length });
      k += m[0].length;
    } else if (NAME.test(text.slice(k, k + 1))) {
      const m = NAME.exec(text.slice(k))!;
      tokens.push({ kind: 'name', text: m[0], start: k, end: k + m[0].length });
      k += m[0].length;
    } else {
      if (c === '(' || c === '[' || c === '{') depth++;
      if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      tokens.push({ kind: 'punct', text: c, start: k, end: k + 1 });
      k++;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** A recursive-descent reader over one statement's tokens. */
class Reader {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return t;
  }

  fail(from: Token, to: Token, message: string): never {
    failAt(this.text, from.start, Math.max(to.end, from.end), message, 'course/syntax');
  }

  expect(punct: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== punct) this.fail(t, t, `expected ${what}, found ${t.kind === 'end' ? 'the end of the statement' : `'${t.text}'`}`);
    return this.next();
  }

  isPunct(punct: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === punct;
  }

  /** A number with optional unary signs: -2, +3.5, 1e-3, .5, 1_000. */
  number(): Located<number> {
    const first = this.peek();
    let sign = 1;
    // U+2212 (−) is accepted as a minus: it appears when code is copied from typeset slides
    while (this.isPunct('-') || this.isPunct('+') || this.isPunct('\u2212')) if (this.next().text !== '+') sign = -sign;
    const t = this.next();
    if (t.kind !== 'number') this.fail(first, t, 'expected a number');
    const value = sign * Number(t.text.replace(/_/g, ''));
    if (!Number.isFinite(value)) this.fail(first, t, 'this number is out of the float64 range');
    return { value, start: first.start, end: t.end };
  }

  /** [n, n, …] with an optional trailing comma. */
  list(): Located<number[]> {
    const open = this.expect('[', "'[' to start a list of numbers");
    const values: number[] = [];
    while (!this.isPunct(']')) {
      if (this.isPunct('[')) this.fail(this.peek(), this.peek(), 'expected one flat list of numbers, found a nested list');
      values.push(this.number().value);
      if (!this.isPunct(']')) this.expect(',', "',' or ']'");
    }
    const close = this.next();
    return { value: values, start: open.start, end: close.end };
  }

  /** np.array([...]), numpy.array([...]), array([...]) or a plain [...] list. */
  array(): Located<number[]> {
    const first = this.peek();
    if (first.kind === 'name') {
      const parts: string[] = [];
      let last = first;
      for (;;) {
        last = this.next();
        if (last.kind !== 'name') this.fail(first, last, 'expected np.array([...]) or a list');
        parts.push(last.text);
        if (!this.isPunct('.')) break;
        this.next();
      }
      const callee = parts.join('.');
      if (!['np.array', 'numpy.array', 'array'].includes(callee)) this.fail(first, last, `expected np.array([...]) or a list, found ${callee}`);
      this.expect('(', "'(' after " + callee);
      const inner = this.list();
      if (this.isPunct(',')) this.next();
      const close = this.expect(')', "')' to close " + callee + '(');
      return { value: inner.value, start: first.start, end: close.end };
    }
    if (first.kind === 'punct' && first.text === '[') return this.list();
    return this.fail(first, first, 'expected np.array([...]) or a list of numbers');
  }

  /** {'key': array, …} with an optional trailing comma. */
  dict(): { key: Located<string>; value: Located<number[]> }[] {
    this.expect('{', "'{' to start the weights dictionary");
    const entries: { key: Located<string>; value: Located<number[]> }[] = [];
    while (!this.isPunct('}')) {
      const key = this.next();
      if (key.kind !== 'string') this.fail(key, key, "expected a quoted key such as 'node_0'");
      this.expect(':', `':' after '${key.text}'`);
      const value = this.array();
      entries.push({ key: { value: key.text, start: key.start, end: key.end }, value });
      if (!this.isPunct('}')) this.expect(',', "',' or '}'");
    }
    this.next();
    return entries;
  }

  endOfStatement(): void {
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t, this.tokens[this.tokens.length - 1], 'unexpected text after the value');
  }
}

/** Split tokens into logical lines (statements), dropping empty ones. */
function statements(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'newline' || t.kind === 'end' || (t.kind === 'punct' && t.text === ';')) {
      if (current.length > 0) out.push([...current, { kind: 'end', text: '', start: t.start, end: t.start }]);
      current = [];
    } else current.push(t);
  }
  return out;
}

interface NodeKey {
  readonly layer: number;
  readonly index: number;
  readonly entry: { key: Located<string>; value: Located<number[]> };
}

/** Turn the weights dictionary into layers: per hidden layer, its nodes in order, then the output node. */
function buildLayers(
  text: string,
  entries: { key: Located<string>; value: Located<number[]> }[],
  inputWidth: number | undefined,
  inputWhere: string,
  hidden: ActivationName,
  outputActivation: ActivationName,
  weightsStart: number,
): LayerSpec[] {
  const seen = new Map<string, Located<string>>();
  const nodes: NodeKey[] = [];
  let output: { key: Located<string>; value: Located<number[]> } | undefined;
  let style: 'single' | 'multi' | undefined;
  for (const entry of entries) {
    const { key } = entry;
    const previous = seen.get(key.value);
    if (previous) failAt(text, key.start, entry.value.end, `the key '${key.value}' appears twice`);
    seen.set(key.value, key);
    if (key.value === 'output') {
      output = entry;
      continue;
    }
    const single = /^node_(\d+)$/.exec(key.value);
    const multi = /^node_(\d+)_(\d+)$/.exec(key.value);
    if (!single && !multi) failAt(text, key.start, key.end, `unknown key '${key.value}'; expected 'node_<i>', 'node_<layer>_<i>' or 'output'`);
    const thisStyle = single ? 'single' : 'multi';
    if (style && style !== thisStyle) {
      failAt(text, key.start, key.end, `'${key.value}' mixes the node_<i> and node_<layer>_<i> key styles; use one of them`);
    }
    style = thisStyle;
    nodes.push(single ? { layer: 0, index: Number(single[1]), entry } : { layer: Number(multi![1]), index: Number(multi![2]), entry });
  }
  if (!output) failAt(text, weightsStart, weightsStart + 1, "the weights have no 'output' entry (the output node's weights)");

  const byLayer: NodeKey[][] = [];
  for (const n of nodes) (byLayer[n.layer] ??= [])[n.index] = n;
  const keyName = (layer: number, index: number) => (style === 'multi' ? `node_${layer}_${index}` : `node_${index}`);
  for (let l = 0; l < byLayer.length; l++) {
    const layer = byLayer[l];
    if (!layer) {
      const later = byLayer.slice(l).find((x) => x)!.find((x) => x)!;
      failAt(text, later.entry.key.start, later.entry.key.end, `hidden layer ${l} has no nodes (expected '${keyName(l, 0)}') but '${later.entry.key.value}' exists`);
    }
    for (let i = 0; i < layer.length; i++) {
      if (!layer[i]) {
        const later = layer.slice(i).find((x) => x)!;
        failAt(text, later.entry.key.start, later.entry.key.end, `'${keyName(l, i)}' is missing but '${later.entry.key.value}' exists`);
      }
    }
  }

  // Weights per node, checked against the previous layer's width.
  const layers: LayerSpec[] = [];
  let width = inputWidth ?? (byLayer.length > 0 ? byLayer[0][0].entry.value.value.length : output.value.value.length);
  let widthSource = inputWidth !== undefined ? inputWhere : `'${byLayer.length > 0 ? keyName(0, 0) : 'output'}' has ${width}`;
  const addLayer = (nodeEntries: { key: Located<string>; value: Located<number[]> }[], activation: ActivationName) => {
    for (const e of nodeEntries) {
      const n = e.value.value.length;
      if (n !== width) {
        failAt(text, e.key.start, e.value.end, `'${e.key.value}' has ${plural(n, 'weight')}; it needs ${width} because ${widthSource}`);
      }
    }
    const units = nodeEntries.length;
    const kernel = Array.from({ length: width }, (_, i) => nodeEntries.map((e) => e.value.value[i]));
    layers.push({ units, activation, kernel, bias: new Array<number>(units).fill(0) });
    width = units;
  };
  byLayer.forEach((layer, l) => {
    addLayer(
      layer.map((n) => n.entry),
      hidden,
    );
    widthSource = `hidden layer ${l} has ${layer.length} node${layer.length === 1 ? '' : 's'}`;
  });
  addLayer([output], outputActivation);
  return layers;
}

/**
 * Read the course's notation into a regression model (inputs x_0…, output "output", zero biases) and the
 * input row. Errors: kind `course/syntax` or `course/invalid`, with line and column, quoting the offending text.
 */
export function importCourseNotation(text: string, options: CourseImportOptions = {}): Result<CourseImport> {
  try {
    return ok(parseCourse(text, options));
  } catch (e) {
    if (e instanceof AppFailure) return err(e.error);
    throw e;
  }
}

function parseCourse(text: string, options: CourseImportOptions): CourseImport {
  const tokens = tokenize(text);
  let input: Located<number[]> | undefined;
  let weights: { entries: { key: Located<string>; value: Located<number[]> }[]; start: number } | undefined;
  const skipped: string[] = [];
  for (const statement of statements(tokens)) {
    const [name, eq] = statement;
    const isAssign = name.kind === 'name' && eq?.kind === 'punct' && eq.text === '=' && !(statement[2]?.kind === 'punct' && statement[2].text === '=');
    const reader = new Reader(text, statement.slice(2));
    if (isAssign && name.text === 'input_data') {
      if (input) failAt(text, name.start, statement[statement.length - 1].end, 'input_data is assigned twice');
      input = reader.array();
      reader.endOfStatement();
    } else if (isAssign && name.text === 'weights') {
      if (weights) failAt(text, name.start, statement[statement.length - 1].end, 'weights is assigned twice');
      weights = { entries: reader.dict(), start: name.start };
      reader.endOfStatement();
    } else {
      skipped.push(quote(text, statement[0].start, statement[statement.length - 2].end));
    }
  }
  if (!weights) {
    throw new AppFailure({
      kind: 'course/invalid',
      message: "no `weights = {'node_0': np.array([...]), …, 'output': np.array([...])}` statement found",
    });
  }
  if (input && input.value.length === 0) failAt(text, input.start, input.end, 'input_data is empty');
  const inputWhere = input ? `input_data has ${plural(input.value.length, 'value')}` : '';
  const layers = buildLayers(
    text,
    weights.entries,
    input?.value.length,
    inputWhere,
    options.hiddenActivation ?? 'linear',
    options.outputActivation ?? 'linear',
    weights.start,
  );
  const inputCount = layers[0].kernel.length;
  const model: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    inputs: Array.from({ length: inputCount }, (_, k) => ({ name: `x_${k}` })),
    output: { name: 'output', task: 'regression' },
    layers,
  };
  const checked = checkModel(model);
  if (!checked.ok) {
    const e: AppError = checked.error;
    throw new AppFailure({ kind: 'course/invalid', message: `the imported network is not a valid model: ${e.message}`, ...(e.path ? { path: e.path } : {}) });
  }
  return { model: checked.value, ...(input ? { input: input.value } : {}), skipped };
}
