/**
 * Text from a file (a column name, a model's label, a parser's quote of the input) made safe to show in a
 * one-line message: control characters become visible escapes, so a file cannot move the cursor, recolour
 * or clear a terminal (ANSI escape sequences start with ESC or the C1 byte CSI) or start a line of its own.
 */

/** C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character written as `\n`, `\r`, `\t`, `\xHH` or `\uHHHH`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** escapeControl for each line of a text made of lines (a report): its own line ends are kept. */
export function escapeControlLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}
