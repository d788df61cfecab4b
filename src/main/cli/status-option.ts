/**
 * `--status` for `stepwise flags` and `stepwise report`: which enrolment statuses (on the as-of date)
 * a command covers. Comma-separated or repeated; the app's words and the registrars' spellings both
 * read ("active,loa", "--status decel"); `all` is every status. Archived students are never covered.
 */
import { ENROLMENT_STATUSES, parseEnrolmentStatus, type EnrolmentStatus } from '../../shared/domain/enrolment';
import { UsageError } from './command';

export const STATUS_USAGE = `--status active|leave|extended|withdrawn|graduated|all[,…]`;

/** The statuses asked for, in the app's order; `fallback` when the option is absent. */
export function parseStatusOption(value: unknown, fallback: readonly EnrolmentStatus[]): EnrolmentStatus[] {
  if (value === undefined) return [...fallback];
  const words = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((w) => w.trim()).filter(Boolean);
  if (!words.length) throw new UsageError(`${STATUS_USAGE}: name at least one status`);
  const chosen = new Set<EnrolmentStatus>();
  for (const w of words) {
    if (w.toLowerCase() === 'all') ENROLMENT_STATUSES.forEach((s) => chosen.add(s));
    else {
      const s = parseEnrolmentStatus(w);
      if (!s) throw new UsageError(`--status must be ${ENROLMENT_STATUSES.join(', ')} or all, got "${w}"`);
      chosen.add(s);
    }
  }
  return ENROLMENT_STATUSES.filter((s) => chosen.has(s));
}
