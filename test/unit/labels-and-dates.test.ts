/**
 * Words for stored codes (src/shared/labels.ts) and the UI's one date format (format.ts), table by
 * table: what the audit log and Settings say for a code, and which dates inside a core message are
 * rewritten in the user's locale (real calendar dates standing alone) and which are left as they are.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/rules/reference-defaults';
import { fieldName, SETTING_NAMES, settingName, valueWords } from '../../src/shared/labels';
import { formatDate, formatDatesIn, formatInstant, formatMonth, formatMonthDay } from '../../src/renderer/src/format';
import { recordLabel } from '../../src/renderer/src/components/audit/auditFormat';

describe('words for stored codes', () => {
  it.each([
    ['applicantType', 'US_MD', 'US MD'],
    ['applicantType', 'US_DO', 'US DO'],
    ['exam', 'STEP2CK', 'Step 2 CK'],
    ['exam', 'COMLEX2CE', 'COMLEX Level 2-CE'],
    ['outcome', 'INCOMPLETE', 'Incomplete'],
    ['tier', 'highly', 'Highly competitive'],
    ['code', 'CK_LATE', 'Step 2 CK score will not be back before programs review'],
    ['key', 'eras.defaultReview.weekday', 'ERAS review weekday'],
    // Not a code of that field, or a field without codes: as stored.
    ['exam', 'NBME 30', 'NBME 30'],
    ['form', 'STEP1', 'STEP1'],
    [null, 'US_MD', 'US_MD'],
  ] as const)('%s %s → %s', (field, value, words) => {
    expect(valueWords(field, value)).toBe(words);
  });

  it('names every shipped setting, dated rows with their date, yearly ones with their year', () => {
    for (const s of DEFAULT_SETTINGS) {
      if (/\.\d{4}$/.test(s.key)) continue;
      expect(SETTING_NAMES[s.key], s.key).toBeDefined();
    }
    expect(settingName('eras.defaultReview.weekday')).toEqual({ name: 'ERAS review weekday', from: null });
    expect(settingName('step2ck.minPass@2025-07-01')).toEqual({ name: 'Step 2 CK minimum passing score', from: '2025-07-01' });
    expect(settingName('eras.reviewDate.2026')).toEqual({ name: 'ERAS 2026 review date', from: null });
    expect(settingName('step1.deadline.2028')).toEqual({ name: 'Class of 2028 Step 1 deadline', from: null });
    // An unknown key is shown, not hidden.
    expect(settingName('something.new')).toEqual({ name: 'something.new', from: null });
  });

  it.each([
    ['applicantType', 'applicant type'],
    ['studentId', 'Student ID'],
    ['takenOn', 'taken on'],
    ['usceMonths', 'US clinical experience (months)'],
    ['some_new_field', 'some new field'],
  ])('field %s → %s', (field, words) => {
    expect(fieldName(field)).toBe(words);
  });
});

describe('dates inside a message, in the user’s format', () => {
  const d = (iso: string) => formatDate(iso);
  it.each([
    ['Step 1 failed once (2026-03-13); passed on 2026-05-26', `Step 1 failed once (${d('2026-03-13')}); passed on ${d('2026-05-26')}`],
    ['as of 2026-11-26.', `as of ${d('2026-11-26')}.`],
    // Not a real date: left for the reader to see what was typed.
    ['2025-02-30 is not a real date', '2025-02-30 is not a real date'],
    // Part of a file name, a longer number or an identifier: not a date to reword.
    ['Saved stepwise-roster-2026-11-26.xlsx', 'Saved stepwise-roster-2026-11-26.xlsx'],
    ['id 12026-11-26', 'id 12026-11-26'],
    ['version 2026-11-26.1', 'version 2026-11-26.1'],
    ['no date here', 'no date here'],
  ])('%s', (text, shown) => {
    expect(formatDatesIn(text)).toBe(shown);
  });

  it('formats with one formatter as toLocaleDateString did, and never throws on what is not a date', () => {
    expect(formatDate('2026-11-26')).toBe(new Date(2026, 10, 26).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }));
    expect(formatInstant('2026-11-26T10:30:00.000Z')).toBe(new Date('2026-11-26T10:30:00.000Z').toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(formatDate('always')).toBe('Invalid Date');
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it("names a setting's audit row by its date, and an undated row (…@always) without one", () => {
    expect(recordLabel('setting', 'step2ck.minPass@2025-07-01')).toBe(`Setting: Step 2 CK minimum passing score from ${formatDate('2025-07-01')}`);
    expect(recordLabel('setting', 'usmle.reportingLagWeeks@always')).toBe(`Setting: ${settingName('usmle.reportingLagWeeks').name}`);
  });

  it('writes the date as the locale does, not as YYYY-MM-DD', () => {
    expect(formatDate('2026-11-26')).not.toContain('2026-11-26');
    expect(formatDate('2026-11-26')).toContain('2026');
    expect(formatDate(null)).toBe('—');
    // A month and a day of the year, through the same locale (the dashboard's months, yearly settings).
    expect(formatMonth('2026-11')).toBe(new Date(2026, 10, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' }));
    expect(formatMonth('2026-11')).not.toContain('2026-11');
    expect(formatMonthDay('07-31')).toBe(new Date(2001, 6, 31).toLocaleDateString(undefined, { month: 'long', day: 'numeric' }));
  });
});
