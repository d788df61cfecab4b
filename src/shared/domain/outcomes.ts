import { z } from 'zod';
import { IsoDate } from './dates';
import { Program } from './reference';

/**
 * The school's own match memory (issue 15): per graduate and ERAS season, what they applied to, the
 * signals they sent, the interviews they were offered and where they matched, with their score at
 * application. These are the shapes every layer shares; the rules that read them (eligibility,
 * tiers, the office's Charting Outcomes with small-cell suppression) live in src/shared/outcomes/.
 */

const code = z.string().trim().min(1).max(40);
const count = z.number().int().min(0).max(2000);

/** A program directory entry's visa sponsorship, as NRMP/FREIDA publish it. */
export const VISA_SPONSORSHIPS = ['none', 'J-1', 'H-1B', 'J-1 and H-1B'] as const;
export const VisaSponsorship = z.enum(VISA_SPONSORSHIPS);
export type VisaSponsorship = z.infer<typeof VisaSponsorship>;

/**
 * What the program directory adds to a Program (src/shared/domain/reference.ts): the NRMP/ACGME
 * program code outcomes link to, positions, visa sponsorship and whether COMLEX is accepted. Every
 * field is null when the directory does not say (never guessed).
 */
export const ProgramDirectoryFields = z.object({
  /** NRMP or ACGME program code, e.g. "1234140C0" or "1403521123"; unique when present. */
  code: code.nullable(),
  /** Positions offered (PGY-1) in the directory's season. */
  positions: z.number().int().min(0).max(500).nullable(),
  visa: VisaSponsorship.nullable(),
  /** Accepts COMLEX in place of USMLE; null = the directory does not say. */
  comlexAccepted: z.boolean().nullable(),
});
export type ProgramDirectoryFields = z.infer<typeof ProgramDirectoryFields>;

export const MATCH_RESULTS = ['matched', 'soap', 'unmatched', 'withdrew'] as const;
export const MatchResult = z.enum(MATCH_RESULTS);
export type MatchResult = z.infer<typeof MatchResult>;
export const MATCH_RESULT_LABELS: Record<MatchResult, string> = {
  matched: 'Matched in the Main Match',
  soap: 'Placed through SOAP',
  unmatched: 'Did not match',
  withdrew: 'Withdrew from the Match',
};

/** One graduate's application season in one specialty (a dual applicant has two rows for the season). */
export const MatchOutcomeInput = z.object({
  studentId: z.string().trim().min(1).max(64),
  /** ERAS season = the Match year (a student graduating in G applies in season G). */
  season: z.number().int().min(2000).max(2100),
  /** The specialty applied to, as the office names it (resolved through specialty aliases). */
  specialty: z.string().trim().min(1).max(200),
  /** Number of programs applied to in this specialty; null = not recorded. */
  applications: count.nullable(),
  goldSignals: count.nullable(),
  /** Silver signals, or the only kind where the specialty does not use tiers. */
  silverSignals: count.nullable(),
  interviews: count.nullable(),
  rankListLength: count.nullable(),
  result: MatchResult,
  /** The program matched (or placed through SOAP): its code links to the directory. */
  matchedProgramCode: code.nullable(),
  /** Kept as written when the code is unknown or not in the directory. */
  matchedProgramName: z.string().trim().max(300).nullable(),
  /** Scores at application time: taken from the roster where present, else as the match list says. */
  ckAtApplication: z.number().int().min(1).max(300).nullable(),
  comlexAtApplication: z.number().int().min(9).max(999).nullable(),
  note: z.string().max(2000).nullable(),
});
export type MatchOutcomeInput = z.infer<typeof MatchOutcomeInput>;
export type MatchOutcome = MatchOutcomeInput & { id: number };

/** One program a graduate applied to in one season (optional detail: a match list may not have it). */
export const OutcomeApplicationInput = z.object({
  outcomeId: z.number().int().positive(),
  programCode: code,
  signal: z.enum(['gold', 'silver']).nullable(),
  interviewOffered: z.boolean().nullable(),
});
export type OutcomeApplicationInput = z.infer<typeof OutcomeApplicationInput>;

/**
 * Participation is voluntary (the NRMP agreement lets applicants keep applications, interviews and
 * ranks confidential): only students who said yes appear in any aggregate. Not asked = not shared.
 */
export const OUTCOME_CONSENTS = ['yes', 'no'] as const;
export const OutcomeConsent = z.object({
  studentId: z.string().trim().min(1).max(64),
  consent: z.enum(OUTCOME_CONSENTS),
  recordedOn: IsoDate,
  note: z.string().max(1000).nullable(),
});
export type OutcomeConsent = z.infer<typeof OutcomeConsent>;

/**
 * ERAS signals per specialty and season, with their source. Tiered specialties have gold and
 * silver; the others one number (`signals`).
 */
export const SignalAllowance = z
  .object({
    season: z.number().int().min(2000).max(2100),
    specialty: z.string().trim().min(1).max(200),
    gold: count.nullable(),
    silver: count.nullable(),
    signals: count.nullable(),
    source: z.string().trim().min(1).max(500),
    note: z.string().max(1000).nullable(),
  })
  .refine((s) => (s.signals !== null) !== (s.gold !== null || s.silver !== null), {
    message: 'either a single number of signals, or gold and silver',
    path: ['signals'],
  });
export type SignalAllowance = z.infer<typeof SignalAllowance>;

/** A national match rate for one CK band (NRMP Charting Outcomes), entered by the office. */
export const NationalMatchRate = z.object({
  specialty: z.string().trim().min(1).max(200),
  /** Charting Outcomes edition (Match year). */
  year: z.number().int().min(2000).max(2100),
  /** Inclusive lower bound; null = open below. */
  ckFrom: z.number().int().min(1).max(300).nullable(),
  /** Exclusive upper bound; null = open above. */
  ckTo: z.number().int().min(1).max(301).nullable(),
  matchRatePercent: z.number().min(0).max(100),
  /** Applicants in the band. */
  n: z.number().int().min(0),
  source: z.string().trim().min(1).max(500),
});
export type NationalMatchRate = z.infer<typeof NationalMatchRate>;

/** Tiers of a program list. `not-eligible` is never a tier the evidence gives: eligibility comes first. */
export const LIST_TIERS = ['likely', 'target', 'reach', 'not-eligible', 'no-evidence'] as const;
export const ListTier = z.enum(LIST_TIERS);
export type ListTier = z.infer<typeof ListTier>;
export const LIST_TIER_LABELS: Record<ListTier, string> = {
  likely: 'Likely',
  target: 'Target',
  reach: 'Reach',
  'not-eligible': 'Not eligible',
  'no-evidence': 'No evidence',
};

/** Which distribution a tier was read from, most specific first. */
export const EVIDENCE_KINDS = ['program', 'school-specialty', 'national'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** An advisor's change to one program's line: saved with the student, audited. */
export const ProgramListEntry = z.object({
  programId: z.number().int().positive(),
  /** The advisor's tier, when they overrode the computed one (never for a not-eligible program). */
  tierOverride: z.enum(['likely', 'target', 'reach']).nullable(),
  pinned: z.boolean(),
  excluded: z.boolean(),
  annotation: z.string().trim().max(1000).nullable(),
});
export type ProgramListEntry = z.infer<typeof ProgramListEntry>;

/** A program as the directory knows it: the office's Program with the directory's fields. */
export const DirectoryProgram = Program.extend(ProgramDirectoryFields.shape);
export type DirectoryProgram = z.infer<typeof DirectoryProgram>;

/** A stored per-program application (OutcomeApplicationInput with its row id). */
export type OutcomeApplication = OutcomeApplicationInput & { id: number };

/**
 * The settings the outcomes memory is read with (Settings: outcomes.ckBands,
 * outcomes.suppressionThreshold, outcomes.blockSeasons, outcomes.programEvidenceMinimum).
 */
export interface OutcomesSettings {
  /** Band edges, ascending: [230, 240, 250, 260] = below 230, 230–239, 240–249, 250–259, 260 or more. */
  ckBands: number[];
  /** A cell with fewer students than this is suppressed (10). */
  suppressionThreshold: number;
  /** A chart's block of seasons closes with at least this many seasons (3) as well as the threshold of applicants (shared/outcomes/blocks.ts). */
  blockSeasons: number;
  /** Past applicants to a program needed before its own CK distribution is evidence (5). */
  programEvidenceMinimum: number;
}

/**
 * Everything the outcome computations read, as plain arrays (store.outcomes.readMemory):
 * the directory's programs, the outcomes and per-program applications of CONSENTING students only,
 * the ERAS signal allowances, the office's national match rates, and the three settings. On an
 * office (PostgreSQL) database each graduate's `studentId` is a pseudonym: the computations count
 * students and never name them.
 */
export interface OutcomesMemory {
  programs: DirectoryProgram[];
  outcomes: MatchOutcome[];
  applications: OutcomeApplication[];
  signals: SignalAllowance[];
  nationalRates: NationalMatchRate[];
  settings: OutcomesSettings;
}

/** "230,240,250,260" → [230, 240, 250, 260]; null when the text is not ascending whole CK scores. */
export function parseCkBands(text: string): number[] | null {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d{1,3}$/.test(p))) return null;
  const edges = parts.map(Number);
  if (edges.some((e, i) => e < 1 || e > 300 || (i > 0 && e <= edges[i - 1]))) return null;
  return edges;
}

/** A saved program list: the advisor's entries for one student and specialty, who saved it, when, and its version. */
export interface SavedProgramList {
  studentId: string;
  specialty: string;
  entries: ProgramListEntry[];
  savedBy: string;
  savedAt: string;
  version: number;
}
