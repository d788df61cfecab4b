import { ApiCallError } from '../../api/client';

export type FieldErrors = Record<string, string>;

/**
 * The core's validation problems keyed by form field: the dispatcher reports `patch.email`, the handler's
 * own check `email`; both land on the `email` field. Problems with no field go under '' (shown above the form).
 */
export function fieldErrors(err: unknown, prefixes: string[] = []): FieldErrors {
  if (!(err instanceof ApiCallError)) return { '': err instanceof Error ? err.message : String(err) };
  const out: FieldErrors = {};
  for (const issue of err.issues ?? []) {
    let path = issue.path;
    for (const p of prefixes) if (path.startsWith(`${p}.`)) path = path.slice(p.length + 1);
    const key = path.split('.')[0] ?? '';
    out[key] ??= issue.message;
  }
  if (!err.issues?.length) out[''] = err.message;
  return out;
}
