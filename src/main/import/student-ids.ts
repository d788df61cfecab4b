/**
 * Student IDs that differ only in leading zeros (issue 13, item 2). An SIS writes 00123; the same
 * student in a spreadsheet is the number 123 once Excel has dropped the zeros. The canonical form
 * of an ID is the text the file shows (a number with its format's zeros: 123 formatted 00000 is
 * 00123, read so by the reader); IDs are compared exactly, and an ID of digits that matches no
 * student exactly is matched to the one stored student whose ID has the same digits but for
 * leading zeros, with a warning naming both, so the two can never silently become two students.
 */
import { digitStudentIds } from '../db/import-queries';
import type { Db } from '../db/open';

const DIGITS = /^\d+$/;

/** The digits of an all-digit ID without its leading zeros ("00123" → "123", "000" → "0"); null for any other ID. */
export function digitsKey(id: string): string | null {
  if (!DIGITS.test(id)) return null;
  const key = id.replace(/^0+/, '');
  return key === '' ? '0' : key;
}

/** What an ID that matched no student exactly is taken for. */
export type SameDigits = { kind: 'one'; id: string } | { kind: 'several'; ids: string[] } | null;

/**
 * Stored all-digit IDs by digits key, read once when first needed (most imports never need it:
 * their IDs are found exactly, or hold letters) and kept up to date with the students the import adds.
 */
export class DigitIds {
  private byKey: Map<string, string[]> | null = null;

  constructor(private readonly db: Db) {}

  /** The stored students `id` may mean: none, one, or several (00123 and 0123 both stored). */
  match(id: string): SameDigits {
    const key = digitsKey(id);
    if (key === null) return null;
    const ids = (this.load().get(key) ?? []).filter((other) => other !== id);
    return ids.length === 0 ? null : ids.length === 1 ? { kind: 'one', id: ids[0] } : { kind: 'several', ids };
  }

  /** A student the import has just added. */
  added(id: string): void {
    const key = digitsKey(id);
    if (key === null || !this.byKey) return;
    const list = this.byKey.get(key);
    if (list) list.push(id);
    else this.byKey.set(key, [id]);
  }

  private load(): Map<string, string[]> {
    if (this.byKey) return this.byKey;
    this.byKey = new Map();
    for (const id of digitStudentIds(this.db)) {
      const key = digitsKey(id)!;
      const list = this.byKey.get(key);
      if (list) list.push(id);
      else this.byKey.set(key, [id]);
    }
    return this.byKey;
  }
}

/** The warning for an ID matched to a stored student by its digits. */
export function matchedIdMessage(fileId: string, storedId: string): string {
  return `Student ID ${fileId} is read as ${storedId}, the student Stepwise holds: the two differ only in leading zeros (a spreadsheet drops them from an ID stored as a number; format the column as text, or as ${'0'.repeat(storedId.length)}, to keep them)`;
}

/** The error for an ID whose digits match several stored students. */
export function ambiguousIdMessage(fileId: string, storedIds: string[]): string {
  return `Student ID ${fileId} matches no student exactly, and differs only in leading zeros from ${storedIds.length} students: ${storedIds.join(', ')}; write the ID exactly as Stepwise holds it`;
}
