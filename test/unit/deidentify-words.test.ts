import { describe, expect, it } from 'vitest';
import { identifyingWords, REMOVED, textScrubber } from '../../src/main/reports/deidentify';

const students = [
  { id: 'S1003', firstName: 'Amir', lastName: 'Xu', email: 'amir.xu.18@example.edu' },
  { id: '2027-0042', firstName: 'Mary-Jane', lastName: "O'Neil", email: 'mjo@students.example.edu' },
];

describe('what a de-identified report removes from text', () => {
  const scrub = textScrubber(identifyingWords(students));

  it('removes names, their parts, IDs and email addresses', () => {
    expect(scrub('Amir Xu (S1003) met Jane about amir.xu.18@example.edu')).toBe(`${REMOVED} ${REMOVED} (${REMOVED}) met ${REMOVED} about ${REMOVED}`);
    expect(scrub("ID 2027-0042, O'Neil")).toBe(`ID ${REMOVED}, ${REMOVED}`);
    expect(scrub("Neil and mjo")).toBe(`${REMOVED} and ${REMOVED}`);
  });

  it('keeps numbers that are only part of an email or an ID, and the school’s email domain', () => {
    // The flag message a committee needs: its numbers are not identifiers.
    expect(scrub('Step 2 CK 240 is 18 below the Dermatology reference 258 (class of 2027)')).toBe('Step 2 CK 240 is 18 below the Dermatology reference 258 (class of 2027)');
    expect(scrub('see the example.edu handbook')).toBe('see the example.edu handbook');
    const words = identifyingWords(students);
    for (const w of ['18', '2027', '0042', 'example', 'edu']) expect(words.has(w), w).toBe(false);
    for (const w of ['amir', 'xu', 's1003', '2027-0042', 'mary', 'jane', 'neil', 'mjo', 'amir.xu.18@example.edu']) expect(words.has(w), w).toBe(true);
  });
});
