/**
 * How a student appears in a workbook: identified (Student ID, names, email, notes) or
 * de-identified (a stable pseudonym, no names, no email, no free text that cannot be checked).
 * Sheets ask the presenter and never decide this themselves, so no sheet can forget it.
 */
import { APPLICANT_TYPE_LABELS, type Student } from '../../shared/domain';
import { identifyingWords, isIdentifyingField, textScrubber, type TextScrubber } from './deidentify';
import { pseudonymizer } from './pseudonyms';

export interface Presenter {
  deidentified: boolean;
  /** Header of the column that identifies a row: "Student ID" or "Pseudonym". */
  idHeader: string;
  id(s: Student): string;
  /** Typed text as the workbook may show it (scrubbed when de-identified). */
  text(t: string | null): string | null;
  /** Sorting within equal keys: by name when identified; by pseudonym when not (alphabetical order would leak names). */
  compare(a: Student, b: Student): number;
  /** Custom fields the workbook may show, with their values (identifying ones left out when de-identified). */
  customFieldAllowed(header: string): boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// One collator for every comparison: localeCompare with options builds a new one per call (seconds at 100,000 rows).
const byName = new Intl.Collator(undefined, { sensitivity: 'base' }).compare;

export function identifiedPresenter(): Presenter {
  return {
    deidentified: false,
    idHeader: 'Student ID',
    id: (s) => s.id,
    text: (t) => t,
    compare: (a, b) => byName(a.lastName, b.lastName) || byName(a.firstName, b.firstName) || byText(a.id, b.id),
    customFieldAllowed: () => true,
  };
}

export function deidentifiedPresenter(key: string, everyone: Iterable<Pick<Student, 'id' | 'firstName' | 'lastName' | 'email'>>): Presenter {
  const pseudonymOf = pseudonymizer(key);
  const cache = new Map<string, string>();
  const id = (s: Pick<Student, 'id'>) => {
    let p = cache.get(s.id);
    if (p === undefined) cache.set(s.id, (p = pseudonymOf(s.id)));
    return p;
  };
  const scrub: TextScrubber = textScrubber(identifyingWords(everyone));
  return {
    deidentified: true,
    idHeader: 'Pseudonym',
    id,
    text: scrub,
    compare: (a, b) => byText(id(a), id(b)),
    customFieldAllowed: (header) => !isIdentifyingField(header),
  };
}

export function applicantTypeLabel(s: Student): string | null {
  return s.applicantType ? APPLICANT_TYPE_LABELS[s.applicantType] : null;
}
