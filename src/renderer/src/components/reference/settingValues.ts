/**
 * How each kind of reference fact is typed, checked and shown. The check is the main process's own
 * (`settingValueProblem`, shared), run here so a mistake shows at the field before anything is sent.
 */
import { isIsoDate, type SettingKind } from '../../../../shared/domain';
import { settingFamily, settingValueProblem } from '../../../../shared/rules/setting-values';
import { formatDate, formatMonthDay } from '../../format';

/** "step2ck.minPass must be a USMLE 3-digit score 1–300, got 400" reads at its field as "Must be a USMLE 3-digit score 1–300, got 400". */
function atField(problem: string, key: string): string {
  const text = problem.startsWith(`${key} `) ? problem.slice(key.length + 1) : problem;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function checkSettingValue(key: string, kind: SettingKind, text: string): string | null {
  if (!text.trim()) return 'A value is required';
  const problem = settingValueProblem(key, kind, text) ?? settingFamily(key)?.check(text.trim()) ?? null;
  return problem && atField(problem, key);
}

export function checkEffectiveDate(text: string): string | null {
  const v = text.trim();
  if (!v) return 'A dated value needs the date it takes effect';
  return isIsoDate(v) ? null : 'Enter a real date as YYYY-MM-DD';
}

export function formatSettingValue(kind: SettingKind, value: string): string {
  if (kind === 'date' && isIsoDate(value)) return formatDate(value);
  if (kind === 'monthDay' && /^\d{2}-\d{2}$/.test(value) && isIsoDate(`2001-${value}`)) {
    return formatMonthDay(value);
  }
  return value;
}

export function formatEffective(effectiveFrom: string | null): string {
  return effectiveFrom === null ? 'since always' : `from ${formatDate(effectiveFrom)}`;
}

export const KIND_HINTS: Record<SettingKind, string> = {
  number: 'A number',
  date: 'A date, YYYY-MM-DD',
  monthDay: 'Month and day, MM-DD',
  text: 'Text',
};
