// One field never grows past the tokenizer's limit: a longer one is refused with its line and field.
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, MAX_FIELD_BYTES, type FieldSink } from '../../../../src-shared/data/csv/tokenizer';
import { AppFailure } from '../../../../src-shared/result';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Tokenize `text` in pieces of `piece` bytes with a field limit of `limit`; the error thrown, or the fields read. */
function tokenize(text: string, limit: number, piece = 4): { fields: string[]; error?: AppFailure } {
  const fields: string[] = [];
  const sink: FieldSink = {
    field: (bytes, start, end) => void fields.push(new TextDecoder().decode(bytes.subarray(start, end))),
    endRecord: () => undefined,
  };
  const tok = new CsvTokenizer(',', sink, 1, limit);
  const bytes = utf8(text);
  try {
    for (let at = 0; at < bytes.length; at += piece) tok.feed(bytes.subarray(at, at + piece));
    tok.finish();
  } catch (e) {
    if (e instanceof AppFailure) return { fields, error: e };
    throw e;
  }
  return { fields };
}

describe('the field length limit', () => {
  it('is 64 MiB by default', () => expect(MAX_FIELD_BYTES).toBe(64 * 1024 * 1024));

  it('reads a field of exactly the limit', () => {
    const got = tokenize(`a,b\n1,"${'x'.repeat(32)}"\n`, 32);
    expect(got.error).toBeUndefined();
    expect(got.fields[3]).toBe('x'.repeat(32));
  });

  it('refuses a longer quoted field, naming the line it opened on, the field and the limit', () => {
    const got = tokenize(`a,b\n1,2\n3,"${'x\n'.repeat(40)}"\n`, 32);
    expect(got.error?.error).toMatchObject({ kind: 'csv/field-too-long', line: 3, column: 2 });
    expect(got.error?.message).toBe('field 2 on line 3 is longer than 32 bytes, the limit for one field (is a quote left open?)');
  });

  it('refuses a longer unquoted field that straddles chunks', () => {
    const got = tokenize(`a,b\n1,2\n${'y'.repeat(100)},3\n`, 64, 7);
    expect(got.error?.error).toMatchObject({ kind: 'csv/field-too-long', line: 3, column: 1 });
    expect(got.error?.message).toBe('field 1 on line 3 is longer than 64 bytes, the limit for one field');
  });

  it('names the limit in MiB', () => {
    const got = tokenize(`"${'z'.repeat(3 << 20)}"`, 2 << 20, 1 << 20);
    expect(got.error?.message).toContain('longer than 2 MiB');
  });
});
