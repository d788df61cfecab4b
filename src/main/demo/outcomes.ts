/**
 * The demo's outcomes memory (issue 15), deterministic for a seed and an as-of date: a program
 * directory for the demo's specialties (NRMP-style codes), and four past Match seasons of graduates
 * with what they applied to, signalled, were interviewed at and matched, so the office's Charting
 * Outcomes and every program list have something to show. Match chances follow what advisors see:
 * high in the less competitive specialties, lower in the highly competitive ones, rising with CK
 * against the specialty's reference score. Graduates are not on the roster (IDs G<season>-<n>);
 * most consented to share their outcomes, some did not, a few were never asked.
 */
import type { MatchOutcomeInput, MatchResult, OutcomeApplicationInput, OutcomeConsent, ProgramDirectoryFields, Program, Specialty, Tier } from '../../shared/domain';
import { findSpecialty } from '../../shared/rules/specialties';
import { rng } from './cohort';

export interface DemoProgram extends Omit<Program, 'id' | 'specialtyId'>, ProgramDirectoryFields {
  specialty: string;
  /** 0 (least sought after) to 1 (most): who gets in. */
  prestige: number;
}

export interface DemoGraduate {
  outcome: MatchOutcomeInput;
  /** Per-program applications (outcomeId filled in when written). */
  applications: Omit<OutcomeApplicationInput, 'outcomeId'>[];
  consent: OutcomeConsent | null;
}

export interface DemoOutcomes {
  programs: DemoProgram[];
  graduates: DemoGraduate[];
}

/** Demo specialties with an NRMP-style specialty code, a share of graduates and how many programs the directory lists. */
const SPECIALTIES: [name: string, code: string, weight: number, programs: number][] = [
  ['Internal Medicine', '140', 20, 14],
  ['Family Medicine', '120', 9, 10],
  ['Pediatrics', '320', 9, 10],
  ['Emergency Medicine', '110', 7, 9],
  ['Psychiatry', '400', 7, 9],
  ['General Surgery', '440', 6, 9],
  ['Anesthesiology', '040', 6, 8],
  ['Obstetrics and Gynecology', '220', 5, 8],
  ['Diagnostic Radiology', '420', 4, 7],
  ['Neurology', '180', 3, 6],
  ['Orthopaedic Surgery', '260', 3, 6],
  ['Dermatology', '080', 2, 6],
  ['Otolaryngology (ENT)', '280', 2, 5],
];

const CITIES: [city: string, state: string][] = [
  ['Chicago', 'IL'], ['Boston', 'MA'], ['Houston', 'TX'], ['Seattle', 'WA'], ['Atlanta', 'GA'], ['Denver', 'CO'], ['Cleveland', 'OH'], ['Nashville', 'TN'],
  ['Phoenix', 'AZ'], ['Madison', 'WI'], ['Baltimore', 'MD'], ['Sacramento', 'CA'], ['Omaha', 'NE'], ['Richmond', 'VA'], ['Albany', 'NY'], ['Tucson', 'AZ'],
];
const INSTITUTIONS = ['University', 'Medical Center', 'Memorial Hospital', 'Health System', 'Community Hospital', "Children's and University Hospitals", 'Regional Medical Center', 'Veterans Affairs'];

/** How likely a graduate at the reference CK matches, and how many programs they apply to, by tier. */
const TIER_SHAPE: Record<Tier, { base: number; applications: number }> = {
  less: { base: 3.2, applications: 35 },
  moderately: { base: 2.3, applications: 50 },
  highly: { base: 1.0, applications: 70 },
};

/** The last Match whose results are known on the as-of date (results come out in the third week of March). */
export function lastDemoSeason(asOf: string): number {
  const year = Number(asOf.slice(0, 4));
  return asOf.slice(5) >= '03-21' ? year : year - 1;
}

export function generateDemoOutcomes(seed: number, asOf: string, graduatesPerSeason: number, specialties: readonly Specialty[]): DemoOutcomes {
  const rand = rng(seed ^ 0x5eed0f);
  const normal = (mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

  const programs: DemoProgram[] = [];
  let institution = 1000;
  for (const [name, code, , count] of SPECIALTIES)
    for (let i = 0; i < count; i++) {
      const [city, state] = CITIES[(i * 7 + code.charCodeAt(1)) % CITIES.length];
      const kind = INSTITUTIONS[(i + code.charCodeAt(2)) % INSTITUTIONS.length];
      const academic = kind === 'University' || kind.includes('University');
      const prestige = clamp(1 - i / count + normal(0, 0.08), 0, 1);
      institution += 1 + Math.floor(rand() * 40);
      programs.push({
        specialty: name,
        prestige,
        name: `${city} ${kind} ${name.replace(/ \(.*\)$/, '')}`,
        city,
        state,
        kind: academic ? 'academic' : kind === 'Veterans Affairs' ? 'other' : rand() < 0.5 ? 'community' : 'community-academic',
        stepCkMinimum: rand() < 0.25 ? 5 * Math.round((215 + 30 * prestige) / 5) : null,
        note: null,
        code: `${institution}${code}C0`,
        positions: Math.max(1, Math.round((name === 'Internal Medicine' ? 25 : name === 'Dermatology' || name.startsWith('Otolaryngology') ? 3 : 8) * (0.6 + rand()))),
        visa: rand() < 0.35 ? 'none' : rand() < 0.6 ? 'J-1' : 'J-1 and H-1B',
        comlexAccepted: rand() < 0.15 ? false : rand() < 0.1 ? null : true,
      });
    }

  const totalWeight = SPECIALTIES.reduce((n, s) => n + s[2], 0);
  const pickSpecialty = () => {
    let r = rand() * totalWeight;
    for (const s of SPECIALTIES) if ((r -= s[2]) < 0) return s;
    return SPECIALTIES[0];
  };

  const graduates: DemoGraduate[] = [];
  const last = lastDemoSeason(asOf);
  for (let season = last - 3; season <= last; season++)
    for (let i = 0; i < graduatesPerSeason; i++) {
      const [name] = pickSpecialty();
      const row = findSpecialty(specialties, name);
      const tier: Tier = row?.tier ?? 'moderately';
      const reference = row?.referenceCk ?? 245;
      const ck = Math.round(clamp(normal(reference - 3, 13), 200, 285));
      const shape = TIER_SHAPE[tier];
      const strength = (ck - reference) / 8 + shape.base;
      const applications = Math.round(clamp(normal(shape.applications, shape.applications * 0.25), 8, 120));
      const interviewRate = clamp(0.08 + 0.05 * strength + normal(0, 0.04), 0.02, 0.6);
      const interviews = Math.max(0, Math.min(applications, Math.round(applications * interviewRate)));
      const ranked = interviews === 0 ? 0 : Math.max(1, interviews - Math.floor(rand() * 3));
      const pMatch = ranked === 0 ? 0 : 1 / (1 + Math.exp(-strength));
      const roll = rand();
      const result: MatchResult = roll < pMatch ? 'matched' : roll < pMatch + (1 - pMatch) * 0.45 ? 'soap' : rand() < 0.05 ? 'withdrew' : 'unmatched';

      // The programs of the directory they applied to: most of the specialty's, fewer for a weaker applicant.
      const own = programs.filter((p) => p.specialty === name);
      const listed = own.filter(() => rand() < clamp(0.55 + 0.1 * strength, 0.3, 0.95));
      const tiered = name === 'Dermatology' || name === 'Internal Medicine' || name === 'Anesthesiology' || name === 'Diagnostic Radiology';
      let gold = tiered ? Math.min(3, listed.length) : 0;
      let silver = Math.min(listed.length - gold, tiered ? 8 : 5);
      const applied = listed.map((p) => {
        const signal: 'gold' | 'silver' | null = gold > 0 && rand() < 0.5 ? (gold--, 'gold') : silver > 0 && rand() < 0.4 ? (silver--, 'silver') : null;
        // Interviews come more often with a signal and when the program sits below the applicant's strength.
        const offered = rand() < clamp(interviewRate * (signal ? 2.2 : 1) + 0.15 * (strength - 2 * p.prestige), 0, 0.95);
        return { program: p, signal, offered };
      });
      const interviewed = applied.filter((a) => a.offered);
      // A match lands where they interviewed, most often at a program of about their standing.
      const matchedAt =
        result === 'matched' && interviewed.length
          ? interviewed.reduce((best, a) => (Math.abs(a.program.prestige - clamp((ck - reference + 20) / 40, 0, 1)) < Math.abs(best.program.prestige - clamp((ck - reference + 20) / 40, 0, 1)) ? a : best)).program
          : null;
      const consentRoll = rand();
      const studentId = `G${season}-${String(i + 1).padStart(3, '0')}`;
      graduates.push({
        outcome: {
          studentId,
          season,
          specialty: row?.name ?? name,
          applications,
          goldSignals: tiered ? applied.filter((a) => a.signal === 'gold').length : null,
          silverSignals: applied.filter((a) => a.signal === 'silver').length,
          interviews: Math.max(interviews, interviewed.length),
          rankListLength: result === 'withdrew' ? null : Math.max(ranked, interviewed.length),
          result,
          matchedProgramCode: matchedAt?.code ?? null,
          matchedProgramName: matchedAt?.name ?? (result === 'soap' ? 'Preliminary year (SOAP)' : null),
          ckAtApplication: ck,
          comlexAtApplication: null,
          note: null,
        },
        applications: applied.map((a) => ({ programCode: a.program.code!, signal: a.signal, interviewOffered: a.offered })),
        consent: consentRoll < 0.05 ? null : { studentId, consent: consentRoll < 0.87 ? 'yes' : 'no', recordedOn: `${season}-03-${String(1 + Math.floor(rand() * 20)).padStart(2, '0')}`, note: null },
      });
    }
  return { programs, graduates };
}
