/**
 * UTF-8 for the formats' JSON parts. TextDecoder / TextEncoder exist in Node, workers and browsers alike;
 * src-shared compiles without DOM or Node types, so they are declared here (as api/wire.ts does).
 */
declare const TextDecoder: { new (label?: string): { decode(data: Uint8Array): string } };
declare const TextEncoder: { new (): { encode(text: string): Uint8Array } };

export const utf8Text = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);
export const utf8Bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
