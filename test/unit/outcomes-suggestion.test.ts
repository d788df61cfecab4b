import { describe, expect, it } from 'vitest';
import { specialtyHistory } from '../../src/shared/outcomes/history';
import { suggestApplications } from '../../src/shared/outcomes/suggestion';
import type { MatchOutcome } from '../../src/shared/domain';
import { application, DERM, memory, outcome } from './outcomes-fixtures';

const OPTS = { threshold: 10, minPastApplicants: 5 };

/** Ten graduates matched at P1 with CK 240..249, 12 interviews each from 40 applications. */
const MATCHED: MatchOutcome[] = Array.from({ length: 10 }, (_, i) => outcome({ studentId: `M${i}`, season: 2022 + (i % 4), matchedProgramCode: 'P1', ckAtApplication: 240 + i, applications: 40, interviews: 12 }));

describe('suggested applications per tier, from the school\'s own data', () => {
  it('no goal without 10 matched graduates with interviews recorded; never a national number', () => {
    const mem = memory({ outcomes: MATCHED.slice(0, 9) });
    const s = suggestApplications(specialtyHistory(mem, DERM, 'Dermatology', 'S-1'), 'Dermatology', OPTS);
    expect(s.goal).toBeNull();
    expect(s.tiers.every((t) => t.needed === null)).toBe(true);
    expect(s.text).toBe(
      "No interview goal: fewer than 10 of the school's graduates who matched in Dermatology have their interviews recorded, and Stepwise has no national figure to put in its place. " +
        "No rate of interviews per application either: no past reach applications, no past target applications, no past likely applications with the offer recorded, and the specialty's overall rate needs 10 graduates with applications and interviews recorded (fewer than 10 have them).",
    );
  });

  it('falls back to the specialty\'s overall rate when a tier has too few applications, and says so', () => {
    const mem = memory({ outcomes: MATCHED });
    const s = suggestApplications(specialtyHistory(mem, DERM, 'Dermatology', 'S-1'), 'Dermatology', OPTS);
    expect(s.goal).toEqual({ interviews: 12, n: 10, years: '2022–2025' });
    // overall: 120 interviews / 400 applications = 30% → ceil(12 / 0.3) = 40
    for (const t of s.tiers) expect(t).toMatchObject({ basis: 'specialty', rate: 0.3, needed: 40, applications: 0 });
    expect(s.tiers[0].text).toBe("Reach: about 40 applications (no past Reach applications with the offer recorded, so the specialty's overall rate, 30% (120 interviews from 400 applications of 10 graduates, 2022–2025)).");
  });

  it('uses a tier\'s own interview rate once it has 10 applications with the offer recorded', () => {
    // Twenty past applications to P1 by applicants well above P1's matched CK (all tier "likely"):
    // applicants are the matched graduates themselves, each read against the other nine.
    const strong: MatchOutcome[] = Array.from({ length: 12 }, (_, i) => outcome({ studentId: `A${i}`, season: 2024, result: 'unmatched', ckAtApplication: 270, applications: 30, interviews: 3 }));
    const apps = strong.map((o, i) => application(o.id, 'P1', { interviewOffered: i < 9 }));
    const mem = memory({ outcomes: [...MATCHED, ...strong], applications: apps });
    const s = suggestApplications(specialtyHistory(mem, DERM, 'Dermatology', 'S-1'), 'Dermatology', OPTS);
    const likely = s.tiers.find((t) => t.tier === 'likely')!;
    expect(likely).toMatchObject({ basis: 'tier', applications: 12, interviews: 9, rate: 0.75, needed: 16 });
    expect(likely.text).toBe('Likely: about 16 applications (75% of 12 past Likely applications were offered an interview).');
    expect(s.tiers.find((t) => t.tier === 'reach')!.basis).toBe('specialty');
  });
});
