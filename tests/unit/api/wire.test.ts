import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../src-shared/api/wire';

describe('bridge wire format', () => {
  it('sends a call without bytes as JSON text', () => {
    const frame = encodeMessage({ type: 'call', id: 1, method: 'getRows', args: { datasetId: 'd1', start: 0, count: 5 } });
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame)).toEqual({ ok: true, value: { type: 'call', id: 1, method: 'getRows', args: { datasetId: 'd1', start: 0, count: 5 } } });
  });

  it('sends bytes in one binary frame and gives them back exactly', () => {
    const a = new Uint8Array([0, 1, 2, 255]);
    const b = new Uint8Array([7, 7]);
    const frame = encodeMessage({ type: 'call', id: 9, method: 'x', args: { first: a, nested: { second: b }, name: 'é.csv' } });
    expect(frame).toBeInstanceOf(Uint8Array);
    const back = decodeMessage(frame);
    expect(back.ok).toBe(true);
    const args = (back as unknown as { value: { args: { first: Uint8Array; nested: { second: Uint8Array }; name: string } } }).value.args;
    expect(Array.from(args.first)).toEqual([0, 1, 2, 255]);
    expect(Array.from(args.nested.second)).toEqual([7, 7]);
    expect(args.name).toBe('é.csv');
  });

  it('refuses malformed frames as transport errors instead of throwing', () => {
    for (const bad of ['{not json', '[1,2]', 'null', new Uint8Array([0, 0]), new Uint8Array([0, 0, 0, 99, 123])]) {
      const r = decodeMessage(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.kind).toBe('api/transport');
    }
  });

  it('refuses a bytes placeholder pointing past the end of the frame', () => {
    const json = new TextEncoder().encode('{"type":"call","id":1,"method":"x","args":{"b":{"$bytes":[0,10]}}}');
    const frame = new Uint8Array(4 + json.length + 2);
    new DataView(frame.buffer).setUint32(0, json.length);
    frame.set(json, 4);
    const r = decodeMessage(frame);
    expect(r.ok).toBe(false);
  });

  it('leaves a $bytes-looking object in a text frame alone (only binary frames carry bytes)', () => {
    const r = decodeMessage('{"type":"call","id":1,"method":"x","args":{"b":{"$bytes":[0,1]}}}');
    expect(r.ok && (r.value.args as { b: unknown }).b).toEqual({ $bytes: [0, 1] });
  });
});
