/**
 * JSON cannot carry bytes, so the web host and its client agree on one encoding: any Uint8Array
 * travels as {"$bytes": "<base64>"}. Electron IPC needs none of this (structured clone).
 */
export function encodeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeBytes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBytes(v)]));
  return value;
}

export function decodeBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBytes);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$bytes' && typeof entries[0][1] === 'string') return new Uint8Array(Buffer.from(entries[0][1], 'base64'));
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeBytes(v)]));
  }
  return value;
}
