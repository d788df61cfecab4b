/**
 * What a de-identified report leaves out or rewrites (PRODUCT.md "Reports", `--deidentify`):
 * - names and emails: their columns are left out, the pseudonym column stands for the student;
 * - Student IDs: replaced by the pseudonym (pseudonyms.ts) — an ID is an identifier too;
 * - free text that cannot be checked (the student's notes, advising notes): left out;
 * - custom fields whose header says they identify someone (name, email, phone, address, birth date,
 *   any kind of ID or number): left out; every other custom value, and every typed text that reaches
 *   the workbook (target specialty, a flag message quoting it), is scrubbed of email addresses, web
 *   addresses, phone numbers, and any word that is a student's name or Student ID in this database;
 * - the workbook's metadata: creator and last-modified-by are "Stepwise", never a person.
 * Advisor names stay: they are staff, and the committee assigns follow-ups by them.
 */
import type { Student } from '../../shared/domain';

export const REMOVED = '[removed]';

/** Custom-field headers that name something identifying about a person. */
const IDENTIFYING_HEADER = new RegExp(
  [
    // Anywhere in the header: "Preferred name", "Parent email", "Home address", "Date of birth"…
    '(name|e-?mail|phone|mobile|address|street|postal|birth|social security|identifier|number|passport|citizen|guardian|emergency|spouse|linkedin|photo|website|contact)',
    // As a word only, so "Stage" or "Excellence" stay: "Student ID", "Cell", "DOB", "SSN", "MRN", "AAMC ID", "No."…
    '\\b(id|no|cell|fax|age|zip|city|dob|ssn|mrn|url|aamc|nbme|usmle|eras|nrmp|ecfmg|visa|parent|partner)\\b',
    '#',
  ].join('|'),
  'i',
);

export function isIdentifyingField(header: string): boolean {
  return IDENTIFYING_HEADER.test(header);
}

const EMAIL = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+/g;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
// North American shapes (555-123-4567, (555) 123 4567, +1 555.123.4567): never an ISO date such as 2026-11-26.
const PHONE = /(?<!\d)(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** Scrubs typed text against every name and Student ID in the database. */
export interface TextScrubber {
  (text: string | null): string | null;
}

/**
 * The words that identify students here, lower-cased: every Student ID, first name, last name and
 * email address whole, and the parts of names and of an email's local part ("Mary-Jane O'Neil" is
 * also "Mary", "Jane" and "Neil" wherever text mentions her). A part is a word only if it has a
 * letter: "18" in amir.xu.18@… or "2027" in the ID 2027-0042 would otherwise erase every score,
 * year and count that happens to match; and an email's domain names the school, not the student.
 */
export function identifyingWords(students: Iterable<Pick<Student, 'id' | 'firstName' | 'lastName' | 'email'>>): Set<string> {
  const words = new Set<string>();
  const add = (text: string | null, parts: boolean) => {
    if (!text) return;
    const t = text.trim().toLowerCase();
    if (!t) return;
    words.add(t);
    if (!parts) return;
    for (const m of t.matchAll(WORD)) if (m[0].length >= 2 && /\p{L}/u.test(m[0])) words.add(m[0]);
    for (const part of t.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2 && /\p{L}/u.test(part)) words.add(part);
  };
  for (const s of students) {
    add(s.id, true);
    add(s.firstName, true);
    add(s.lastName, true);
    add(s.email, false);
    add(s.email?.split('@')[0] ?? null, true);
  }
  return words;
}

export function textScrubber(words: ReadonlySet<string>): TextScrubber {
  return (text) => {
    if (text === null) return null;
    const cleaned = text
      .replace(EMAIL, REMOVED)
      .replace(URL, REMOVED)
      .replace(PHONE, REMOVED)
      .replace(WORD, (w) => (words.has(w.toLowerCase()) ? REMOVED : w));
    return cleaned;
  };
}
