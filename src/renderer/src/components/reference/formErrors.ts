import { ApiCallError } from '../../api/client';

/** A handler's refusal split for a form: messages per field (shown at the field) and the rest. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: null };

/**
 * Handlers report field problems as issues with a dotted path (`patch.value`, `referenceCk`); a form
 * names its inputs by the last segment, so `patch.value` lands on the Value field. A problem the
 * form has no field for stays a general message with its path, so nothing is silently dropped.
 */
export function formErrors(err: unknown, fieldNames: readonly string[]): FormErrors {
  if (!(err instanceof ApiCallError)) return { fields: {}, general: err instanceof Error ? err.message : String(err) };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of err.issues ?? []) {
    const name = issue.path.split('.').reverse().find((segment) => fieldNames.includes(segment));
    if (name && !fields[name]) fields[name] = issue.message;
    else if (!name) unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  const placed = Object.keys(fields).length > 0;
  const general = unplaced.length ? `${err.message}: ${unplaced.join('; ')}` : placed ? null : err.message;
  return { fields, general };
}
