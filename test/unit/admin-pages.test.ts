import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../src/shared/api';
import { defaultReferenceData } from '../../src/shared/rules/reference-defaults';
import { ApiCallError } from '../../src/renderer/src/api/client';
import { columnLetter, withOverride } from '../../src/renderer/src/components/import/columns';
import { groupFacts, groupOf } from '../../src/renderer/src/components/reference/factGroups';
import { formErrors } from '../../src/renderer/src/components/reference/formErrors';
import { checkSettingValue } from '../../src/renderer/src/components/reference/settingValues';

describe('Settings → Reference facts grouping', () => {
  const { settings } = defaultReferenceData();

  it('puts every shipped default in one of the six named groups, in the order RULES.md lists them', () => {
    const groups = groupFacts(settings);
    expect(groups.map((g) => g.title)).toEqual(['Pass standards', 'Timeline and ERAS', 'Readiness', 'Flag thresholds', 'Specialty tier defaults', 'Outcomes and program lists']);
    const keys = groups.flatMap((g) => g.facts.map((f) => f.key));
    expect(new Set(keys)).toEqual(new Set(settings.map((s) => s.key)));
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('keeps a dated fact together, undated row first, and the yearly facts by year next to their rule', () => {
    const added = [
      ...settings,
      { key: 'eras.reviewDate.2028', effectiveFrom: null, kind: 'date' as const, value: '2027-09-22', label: 'ERAS 2028', source: 's', note: null },
      { key: 'eras.reviewDate.2027', effectiveFrom: null, kind: 'date' as const, value: '2026-09-23', label: 'ERAS 2027', source: 's', note: null },
      { key: 'step2ck.minPass', effectiveFrom: '2027-01-01', kind: 'number' as const, value: '222', label: 'Step 2 CK minimum passing score', source: 's', note: null },
      { key: 'backup.keep', effectiveFrom: null, kind: 'number' as const, value: '10', label: 'Backups kept', source: 'office', note: null },
    ];
    const groups = groupFacts([...added].reverse());
    const ck = groups.flatMap((g) => g.facts).find((f) => f.key === 'step2ck.minPass')!;
    expect(ck.rows.map((r) => r.effectiveFrom)).toEqual([null, '2022-07-01', '2025-07-01', '2027-01-01']);
    const timeline = groups.find((g) => g.id === 'timeline')!.facts.map((f) => f.key);
    expect(timeline.indexOf('eras.reviewDate.2027')).toBe(timeline.indexOf('eras.reviewDate.2026') + 1);
    expect(timeline.indexOf('eras.reviewDate.2028')).toBe(timeline.indexOf('eras.reviewDate.2026') + 2);
    // A setting another part of the app adds is shown, not hidden.
    expect(groups.at(-1)).toMatchObject({ title: 'Office settings', facts: [expect.objectContaining({ key: 'backup.keep' })] });
    expect(groupOf('step1.deadline.2028')).toBe('timeline');
  });

  it("says at the field why a value cannot be stored, in the main process's own words", () => {
    expect(checkSettingValue('step2ck.minPass', 'number', '400')).toBe('Must be a USMLE 3-digit score 1–300, got 400');
    expect(checkSettingValue('step1.deadlineMonthDay', 'monthDay', '02-30')).toMatch(/^Must be a day of the year as MM-DD/);
    expect(checkSettingValue('eras.reviewDate.2029', 'date', '2029-09-26')).toBe('The ERAS 2029 review date should fall in 2028, got 2029-09-26');
    expect(checkSettingValue('step2ck.minPass', 'number', ' ')).toBe('A value is required');
    expect(checkSettingValue('step2ck.minPass', 'number', '220')).toBeNull();
  });
});

describe("a handler's refusal, placed on the form", () => {
  it('puts each issue at the field its path ends in, and keeps what has no field as a general message', () => {
    const err = new ApiCallError({
      code: 'INVALID_INPUT',
      message: 'Invalid input for settings.update',
      issues: [
        { path: 'patch.value', message: 'a value is required' },
        { path: 'patch.aliases.2', message: 'too long' },
        { path: 'patch.colour', message: 'unknown' },
      ],
    });
    expect(formErrors(err, ['value', 'aliases'])).toEqual({
      fields: { value: 'a value is required', aliases: 'too long' },
      general: 'Invalid input for settings.update: patch.colour: unknown',
    });
    expect(formErrors(new ApiCallError({ code: 'CONFLICT', message: '"Derm" already names Dermatology' }), ['name'])).toEqual({ fields: {}, general: '"Derm" already names Dermatology' });
    expect(formErrors(new Error('network down'), [])).toEqual({ fields: {}, general: 'network down' });
  });
});

describe('import columns', () => {
  it('names columns as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('keeps one override per header and sheet, and drops it when the detected field is chosen again', () => {
    const preview = {
      sheets: [{ name: 'Roster', columns: [{ column: 3, header: 'Pager', field: 'custom', detected: 'custom', overridden: false }] }],
    } as unknown as ImportPreview;
    const ignored = withOverride([], preview, 'Roster', 'Pager', 'ignore');
    expect(ignored).toEqual([{ sheet: 'Roster', header: 'Pager', field: 'ignore' }]);
    expect(withOverride(ignored, preview, 'Roster', 'Pager', 'notes')).toEqual([{ sheet: 'Roster', header: 'Pager', field: 'notes' }]);
    expect(withOverride(ignored, preview, 'Roster', 'Pager', 'custom')).toEqual([]);
  });
});
