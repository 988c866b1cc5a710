/**
 * The browser bridge's wire format (WebSocket), shared by the server in src-main/bridge and the
 * client in src-renderer/lib/api. JSON text frames; a call carrying bytes (an upload) goes as one
 * binary frame: [4-byte big-endian JSON length][JSON, UTF-8][the bytes], where the JSON holds
 * `{"$bytes": [offset, length]}` in place of each Uint8Array (offset into the bytes section).
 */
import { err, ok, type Result } from '../result';
import type { ApiEvent } from './types';

// Both exist in every environment we run in (Node ≥ 11, browsers, workers); src-shared's lib omits them.
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };
declare const TextDecoder: { new (label?: string, options?: { fatal?: boolean }): { decode(data: Uint8Array): string } };

/** Renderer → main: call `method` with `args`; `id` pairs the answer with the call. */
export interface CallMessage {
  readonly type: 'call';
  readonly id: number;
  readonly method: string;
  readonly args: unknown;
}

/** Main → renderer: the answer to call `id`. */
export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly result: Result<unknown>;
}

/** Main → renderer: a pushed event. */
export interface EventMessage {
  readonly type: 'event';
  readonly event: ApiEvent;
}

export type WireMessage = CallMessage | ResultMessage | EventMessage;

/** Path of the bridge's WebSocket endpoint. */
export const BRIDGE_SOCKET_PATH = '/api/socket';
/** Name of the cookie carrying the per-run token. */
export const BRIDGE_TOKEN_COOKIE = 'dense_lab_token';

/** A message as one frame: a string, or bytes when it carries Uint8Arrays. */
export function encodeMessage(message: WireMessage): string | Uint8Array {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      const placeholder = { $bytes: [offset, value.length] };
      chunks.push(value);
      offset += value.length;
      return placeholder;
    }
    return value;
  });
  if (chunks.length === 0) return json;
  const head = new TextEncoder().encode(json);
  const frame = new Uint8Array(4 + head.length + offset);
  new DataView(frame.buffer).setUint32(0, head.length, false);
  frame.set(head, 4);
  let at = 4 + head.length;
  for (const chunk of chunks) {
    frame.set(chunk, at);
    at += chunk.length;
  }
  return frame;
}

/** A frame back into a message object (not yet validated: the receiver checks its shape and arguments). */
export function decodeMessage(frame: string | Uint8Array): Result<Record<string, unknown>> {
  const bad = (message: string) => err<Record<string, unknown>>({ kind: 'api/transport', message: `Malformed bridge message: ${message}` });
  let json: string;
  let body: Uint8Array | null = null;
  if (typeof frame === 'string') {
    json = frame;
  } else {
    if (frame.length < 4) return bad('binary frame shorter than its header.');
    const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, false);
    if (4 + length > frame.length) return bad('JSON length beyond the end of the frame.');
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + length));
    } catch {
      return bad('JSON part is not UTF-8.');
    }
    body = frame.subarray(4 + length);
  }
  let parsed: unknown;
  let problem: string | null = null;
  try {
    // A reviver costs a call per value (a prediction sample has hundreds of thousands): text frames, which
    // carry no bytes, parse without one.
    parsed = body === null ? JSON.parse(json) : JSON.parse(json, (_key, value: unknown) => {
      if (body !== null && isBytesPlaceholder(value)) {
        const [start, length] = value.$bytes;
        if (start + length > body.length) {
          problem = 'bytes placeholder beyond the end of the frame.';
          return null;
        }
        return body.slice(start, start + length);
      }
      return value;
    });
  } catch {
    return bad('not JSON.');
  }
  if (problem !== null) return bad(problem);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('not an object.');
  return ok(parsed as Record<string, unknown>);
}

function isBytesPlaceholder(value: unknown): value is { $bytes: [number, number] } {
  if (typeof value !== 'object' || value === null) return false;
  const b = (value as { $bytes?: unknown }).$bytes;
  return Array.isArray(b) && b.length === 2 && b.every((n) => Number.isInteger(n) && n >= 0);
}
