import { describe, expect, it } from 'vitest';
import { findSpecialty, shortSource, specialtyKey, specialtyReference } from '../../src/shared/rules/specialties';
import { REF, withSettings } from './rules-fixtures';

describe('finding a target specialty by name', () => {
  it.each([
    // typed by an advisor → the reference row
    ['Dermatology', 'Dermatology'],
    ['dermatology', 'Dermatology'],
    ['  DERMATOLOGY ', 'Dermatology'],
    ['Derm', 'Dermatology'],
    ['ENT', 'Otolaryngology (ENT)'],
    ['Otolaryngology', 'Otolaryngology (ENT)'],
    ['Otolaryngology (ENT)', 'Otolaryngology (ENT)'],
    ['otolaryngology (head and neck)', 'Otolaryngology (ENT)'],
    ['Head & Neck Surgery (ENT)', 'Otolaryngology (ENT)'],
    ['Head and Neck Surgery', 'Otolaryngology (ENT)'],
    ['Ortho', 'Orthopaedic Surgery'],
    ['Orthopedic Surgery', 'Orthopaedic Surgery'],
    ['IM', 'Internal Medicine'],
    ['FM', 'Family Medicine'],
    ['EM', 'Emergency Medicine'],
    ['Peds', 'Pediatrics'],
    ['Psych', 'Psychiatry'],
    ['OB/GYN', 'Obstetrics and Gynecology'],
    ['ob-gyn', 'Obstetrics and Gynecology'],
    ['OBGYN', 'Obstetrics and Gynecology'],
    ['Obstetrics & Gynecology', 'Obstetrics and Gynecology'],
    ['Gen Surg', 'General Surgery'],
    ['General Surgery (Categorical)', 'General Surgery'],
    ['Neurosurgery', 'Neurological Surgery'],
    ['PM&R', 'Physical Medicine and Rehabilitation'],
    ['PM & R', 'Physical Medicine and Rehabilitation'],
    ['IR', 'Interventional Radiology (Integrated)'],
    ['Interventional Radiology', 'Interventional Radiology (Integrated)'],
    ['DR', 'Diagnostic Radiology'],
    ['Plastic Surgery', 'Plastic Surgery (Integrated)'],
    ['Plastic Surgery (Integrated)', 'Plastic Surgery (Integrated)'],
    ['Med-Peds', 'Internal Medicine-Pediatrics'],
    ['Internal Medicine - Pediatrics', 'Internal Medicine-Pediatrics'],
    ['Neurology', 'Neurology'],
    ['Child Neurology', 'Child Neurology'],
  ])('%s → %s', (typed, expected) => {
    expect(findSpecialty(REF.specialties, typed)?.name).toBe(expected);
  });

  it.each(['Underwater Medicine', 'Transitional Year', 'Integrated', 'Radiology (Integrated) Oncology', '', '   ', null, undefined])('%s → not in the table', (typed) => {
    expect(findSpecialty(REF.specialties, typed)).toBeNull();
  });

  it('normalises case, punctuation, spacing and parenthetical qualifiers', () => {
    expect(specialtyKey('Plastic Surgery (Integrated)')).toBe('plasticsurgery');
    expect(specialtyKey('PM&R')).toBe(specialtyKey('PM and R'));
    expect(specialtyKey('OB/GYN')).toBe('obgyn');
  });

  it('a full name wins over another row’s alias', () => {
    const specialties = [
      ...REF.specialties,
      { id: 99, name: 'Medicine', tier: 'less' as const, referenceCk: 240, aliases: [], source: 'office', effectiveDate: '2026-01-01', note: null },
    ];
    expect(findSpecialty(specialties, 'Medicine')?.id).toBe(99);
    expect(findSpecialty(specialties, 'IM')?.name).toBe('Internal Medicine');
  });
});

describe('the reference score a rule compares against', () => {
  it('is the row’s own score, cited by its source', () => {
    const derm = findSpecialty(REF.specialties, 'Derm')!;
    expect(specialtyReference(REF, derm, '2026-03-01')).toMatchObject({ name: 'Dermatology', tier: 'highly', referenceCk: 258, fromTierDefault: false });
    expect(shortSource(derm.source)).toBe('NRMP Charting Outcomes 2026');
  });

  it.each([
    ['Urology', 'highly', 250],
    ['Ophthalmology', 'highly', 250],
  ])('%s (separate match, no Charting Outcomes figure) uses the %s tier default %i', (name, tier, ck) => {
    const row = findSpecialty(REF.specialties, name)!;
    expect(row.referenceCk).toBeNull();
    const r = specialtyReference(REF, row, '2026-03-01');
    expect(r).toMatchObject({ tier, referenceCk: ck, fromTierDefault: true, source: "the guide's illustrative ranges" });
  });

  it('a row with no score follows the tier default setting when the office edits it', () => {
    const office = [{ id: 77, name: 'Sports Medicine', tier: 'moderately' as const, referenceCk: null, aliases: [], source: 'office', effectiveDate: '2026-01-01', note: null }];
    expect(specialtyReference(REF, office[0], '2026-03-01').referenceCk).toBe(245);
    const edited = withSettings([{ key: 'specialty.tierDefault.moderately', value: '247' }]);
    expect(specialtyReference(edited, office[0], '2026-03-01').referenceCk).toBe(247);
  });
});
