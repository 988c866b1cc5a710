/**
 * Awkward CSV files for comparing export paths byte for byte: quoting, embedded line breaks,
 * formula-like cells, \r\n and lone \r line ends, UTF-8/UTF-16 byte-order marks, Windows-1252,
 * Excel `sep=` lines, short rows, blank lines, a missing final newline. Each is the exact bytes.
 */
import { seeded } from '../../workers/reference';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + 2 * text.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), littleEndian);
  return out;
}

/** Latin-1 bytes of a string whose characters are all below U+0100 (Windows-1252 for these texts). */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

/** Cells that stress the copy: each is a CSV field as written in a file (quoted where it must be). */
const AWKWARD_CELLS = [
  '1.5', '-2.25', '+3', '-1e-3', 'plain', '""', '"quoted"', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r\nlf"',
  '=1+2', '+A1', '-cmd|calc', '@SUM(A1)', '\tx', '-', '=', ' lead', 'trail ', '  ', 'Pärk ✓', '"-1,5"', '-1+2', 'a"b',
  '', '"=quoted formula"', '" padded "', '0', '-0',
];

/** A many-row file mixing plain numeric lines with awkward ones, so chunk boundaries fall everywhere. */
function mixedRows(rand: () => number, rows: number, lineEnd: string): string {
  let text = 'a,b,c' + lineEnd;
  for (let r = 0; r < rows; r++) {
    const cells = [0, 1, 2].map(() => (rand() < 0.85 ? (rand() * 2 - 1).toFixed(5) : AWKWARD_CELLS[Math.floor(rand() * AWKWARD_CELLS.length)]));
    const shape = rand();
    if (shape < 0.03) cells.pop(); // a short row
    else if (shape < 0.04) text += lineEnd; // a blank line first
    text += cells.join(',') + (rand() < 0.05 ? '\r\n' : lineEnd);
  }
  return text;
}

/** name → exact file bytes. */
export function awkwardFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const rand = seeded(2024);
  const table = (lineEnd: string) =>
    ['name,comment,score', '"Smith, Anna","said ""hi""",3.5', 'Lee,"two\nlines",4', 'Pärk ✓,  padded  ,5', '=HYPERLINK("x"),@cmd,-1.5', '+A1,-x,+7', '"plain",quoted,"8"', '\tTab,a"b,9'].join(lineEnd) + lineEnd;
  files.set('quotes-lf.csv', utf8(table('\n')));
  files.set('quotes-crlf.csv', utf8(table('\r\n')));
  files.set('lone-cr.csv', utf8(table('\r')));
  files.set('no-final-newline.csv', utf8('x,y\n1,2\n3,4'));
  files.set('no-final-newline-formula.csv', utf8('x,y\n1,2\n=3,-4'));
  files.set('trailing-comma-at-end.csv', utf8('x,y\n1,2\n3,'));
  files.set('utf8-bom.csv', utf8('\ufeffx,y\n1,-2\n3,=4\n'));
  files.set('utf16le.csv', utf16('x,label\r\n1,été\r\n-2,=cmd\r\n3,"a,b"\r\n', true));
  files.set('utf16be.csv', utf16('x,label\n1,été\n-2,@cmd\n3,"q ""x"""\n', false));
  files.set('windows-1252.csv', latin1('x,label\n1,caf\xe9\n2,na\xefve =\n-3,=x\xe9\n4,"\xe9,\xe8"\n'));
  files.set('sep-line.csv', utf8('sep=;\na;b\n1;2\n3;=4\n'));
  files.set('sep-comma.csv', utf8('sep=,\na,b\n1,2\n3,-4\n'));
  files.set('short-rows.csv', utf8('a,b,c,d\n1,2,3,4\n5,6,7\n8,9,10,11\n12,-13,\n14,15,16,17\n'));
  files.set('blank-lines.csv', utf8('a,b\n\n1,2\n\n\n3,4\n\n'));
  files.set('spaces.csv', utf8('a,b\n 1,2\n3 ,4\n5, 6 \n7,8\n'));
  files.set('semicolon.csv', utf8('a;b\n1,5;2\n-3;=4\n5;6\n'));
  files.set('mixed-lf.csv', utf8(mixedRows(rand, 3000, '\n')));
  files.set('mixed-crlf.csv', utf8(mixedRows(rand, 2000, '\r\n')));
  return files;
}
