/**
 * The renderer's only way to the core. In Electron it uses the preload bridge (window.stepwise);
 * in a browser it posts to the loopback web host, which set its token cookie when the page loaded.
 * Both carry the same handler names and inputs, typed from src/shared/api.ts.
 */
import type { ApiErrorBody, ApiResult, HandlerName, InputOf, OutputOf, ProgressEvent } from '../../../shared/api';
import { formatDatesIn } from '../format';

interface Bridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  onProgress(listener: (event: unknown) => void): () => void;
  /** The desktop shell's announcements of changes to an office database. */
  onChanged?(listener: (change: unknown) => void): () => void;
  openExternal(url: string): Promise<boolean>;
}

declare global {
  interface Window {
    stepwise?: Bridge;
  }
}

/**
 * A refused call. Its message (and each issue's) is for a person: ISO dates the core wrote into it
 * are shown in the user's format, like every other date on screen (format.ts).
 */
export class ApiCallError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly issues: ApiErrorBody['issues'];
  readonly detail: unknown;
  constructor(body: ApiErrorBody) {
    super(formatDatesIn(body.message));
    this.code = body.code;
    this.issues = body.issues?.map((i) => ({ ...i, message: formatDatesIn(i.message) }));
    this.detail = body.detail;
  }
}

/** Base64 through the browser's own encoder (FileReader), off the page's main thread for large files. */
function toBase64(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsDataURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  });
}

async function encode(value: unknown): Promise<unknown> {
  if (value instanceof Uint8Array) return { $bytes: await toBase64(value) };
  if (Array.isArray(value)) return Promise.all(value.map(encode));
  if (value && typeof value === 'object') return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await encode(v)] as const)));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$bytes' && typeof entries[0][1] === 'string')
      return Uint8Array.from(atob(entries[0][1]), (c) => c.charCodeAt(0));
    return Object.fromEntries(entries.map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

async function httpInvoke(name: string, input: unknown): Promise<ApiResult<unknown>> {
  const res = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ name, input: await encode(input) }),
  });
  if (!res.ok) return { ok: false, error: { code: 'REJECTED', message: `${res.status} ${await res.text()}` } };
  return decode(await res.json()) as ApiResult<unknown>;
}

export async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = (window.stepwise ? await window.stepwise.invoke(name, input) : await httpInvoke(name, input)) as ApiResult<OutputOf<K>>;
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

/** Progress of long jobs (imports, reports); returns an unsubscribe function. */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  if (window.stepwise) return window.stepwise.onProgress((e) => listener(e as ProgressEvent));
  const source = new EventSource('/api/events');
  source.onmessage = (m) => listener(JSON.parse(m.data as string) as ProgressEvent);
  return () => source.close();
}

/** A change someone committed to the shared (office) database: which table, and who. */
export interface DataChange {
  table: string;
  by: string;
}

const changeListeners = new Set<(change: DataChange) => void>();
let changeSource: EventSource | null = null;

/**
 * Calls `listener` whenever anyone commits a change to an office database (the web host forwards
 * the database's announcements); returns the unsubscribe function. One event stream serves every
 * listener (the desktop shell sends them over IPC). A laptop's database has one user: nothing to announce.
 */
export function onDataChanged(listener: (change: DataChange) => void): () => void {
  if (window.stepwise?.onChanged) return window.stepwise.onChanged((change) => listener(change as DataChange));
  changeListeners.add(listener);
  if (!window.stepwise && !changeSource && typeof EventSource !== 'undefined') {
    changeSource = new EventSource('/api/events');
    changeSource.addEventListener('changed', (m) => {
      const change = JSON.parse((m as MessageEvent<string>).data) as DataChange;
      for (const l of changeListeners) l(change);
    });
  }
  return () => {
    changeListeners.delete(listener);
    if (changeListeners.size === 0 && changeSource) {
      changeSource.close();
      changeSource = null;
    }
  };
}

export function openExternal(url: string): void {
  if (window.stepwise) void window.stepwise.openExternal(url);
  else window.open(url, '_blank', 'noopener,noreferrer');
}

/** A job ID for progress events, unique within this window. */
export function newJobId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
