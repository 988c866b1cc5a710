import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CELL_MISSING, CELL_NON_FINITE, CELL_NUMBER, CELL_TEXT, NumberParser } from '../../../../../src-shared/data/csv/number';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function read(text: string, decimalComma = false): { kind: number; value: number } {
  const p = new NumberParser(decimalComma);
  const b = bytes(`x${text}y`);
  const kind = p.parse(b, 1, b.length - 1);
  return { kind, value: p.value };
}

describe('NumberParser', () => {
  it('a number cell of 200,000 digits is read (not a stack overflow): too big is non-finite, a long fraction is its value', () => {
    expect(read('1'.repeat(200_000)).kind).toBe(CELL_NON_FINITE);
    const long = `0.${'3'.repeat(200_000)}`;
    expect(read(long)).toEqual({ kind: CELL_NUMBER, value: Number(long) });
  });

  it('property: a decimal number text reads as exactly Number(text)', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const numberText = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        digits(0, 20),
        fc.option(digits(0, 20)),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digits(1, 3))),
      )
      .filter(([, int, frac]) => int.length > 0 || (frac !== null && frac.length > 0))
      .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`);
    fc.assert(
      fc.property(numberText, (text) => {
        const expected = Number(text);
        const got = read(text);
        if (Number.isFinite(expected)) {
          expect(got.kind, text).toBe(CELL_NUMBER);
          expect(Object.is(got.value, expected), `${text}: ${got.value} vs ${expected}`).toBe(true);
        } else {
          expect(got.kind, text).toBe(CELL_NON_FINITE);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('property: every finite double written by String() reads back as itself', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const got = read(String(x));
        expect(got.kind).toBe(CELL_NUMBER);
        expect(got.value).toBe(Number(String(x)));
      }),
      { numRuns: 20000 },
    );
  });

  it('property: when scanSimple (the tokenizer’s in-scan path) stops at the cell’s end, its value is exactly Number(cell)', () => {
    const cell = fc.stringMatching(/^-?[0-9]{0,20}(\.[0-9]{0,25})?([eE][+-]?[0-9])?$/);
    fc.assert(
      fc.property(cell, fc.constantFrom(',', '\n', '\r', ';'), (text, end) => {
        const b = bytes(`${text}${end}x`);
        const p = new NumberParser(false);
        const at = p.scanSimple(b, 0, b.length);
        // The tokenizer uses the value only when the scan stopped at a delimiter or line end.
        if (at < 0 || b[at] !== end.charCodeAt(0)) return;
        expect(at, text).toBe(text.length);
        expect(Object.is(p.value, Number(text)), `${text}: ${p.value}`).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('scanSimple leaves anything unusual to the general path', () => {
    const p = new NumberParser(false);
    for (const t of ['+1,', '.5,', '-,', '1e5,', ' 1,', '12345678901234567890,', '1.5']) {
      const b = bytes(t);
      const at = p.scanSimple(b, 0, b.length);
      expect(at === -1 || b[at] !== 0x2c, t).toBe(true);
    }
    const comma = new NumberParser(true);
    const b = bytes('81,25;');
    expect(comma.scanSimple(b, 0, b.length)).toBe(5);
    expect(comma.value).toBe(81.25);
  });

  it('reads scientific notation, a leading +, surrounding spaces', () => {
    expect(read('1.5e3').value).toBe(1500);
    expect(read('+2').value).toBe(2);
    expect(read('  -0.25  ').value).toBe(-0.25);
    expect(read('.5').value).toBe(0.5);
    expect(read('5.').value).toBe(5);
    expect(Object.is(read('-0').value, -0)).toBe(true);
  });

  it('reads thousands separators with a decimal point, and decimal commas when told', () => {
    expect(read('1,234').value).toBe(1234);
    expect(read('-1,234,567.5').value).toBe(-1234567.5);
    expect(read('1,5').kind).toBe(CELL_TEXT);
    expect(read('1,5', true).value).toBe(1.5);
    expect(read('1.234,5', true).value).toBe(1234.5);
    expect(read('81,25', true).value).toBe(81.25);
    expect(read('1.5', true).kind).toBe(CELL_TEXT);
  });

  it('recognizes missing-value tokens and never reads them as 0', () => {
    for (const t of ['', '  ', 'NA', 'N/A', 'n/a', 'NaN', 'null', 'None', '-', ' NA ', '.', '?']) {
      const got = read(t);
      expect(got.kind, JSON.stringify(t)).toBe(CELL_MISSING);
      expect(got.value).toBeNaN();
    }
  });

  it('flags non-finite values: inf, -Infinity, 1e309', () => {
    for (const t of ['inf', '-inf', 'Infinity', '-Infinity', '1e309', '-1e400']) expect(read(t).kind, t).toBe(CELL_NON_FINITE);
  });

  it('calls anything else text: words, hex, two points, a lone sign or exponent', () => {
    for (const t of ['abc', '0x10', '1.2.3', '+', '1e', 'e5', '1 2', '12abc', '١٢', '1_000']) expect(read(t).kind, t).toBe(CELL_TEXT);
  });
});
