import { z } from 'zod';
import { ApplicantType, IsoDate, ProgramListEntry } from '../domain';
import type { OutcomesChart } from '../outcomes/chart';
import type { ProgramLine } from '../outcomes/program-list';
import type { ApplicationSuggestion } from '../outcomes/suggestion';
import { endpoint, type Endpoint } from './contract';

/**
 * What is computed from the outcomes memory (issue 15): the office's own Charting Outcomes, and a
 * student's program list with a tier and a "because" line per program.
 */

const season = z.number().int().min(2000).max(2100);

export const OutcomesChartInput = z
  .object({
    /** One specialty (any name or alias the specialty table knows); omitted = every specialty. */
    specialty: z.string().trim().min(1).max(200).optional(),
    /**
     * A range of seasons: answered with every closed season block that shares a season with it, each
     * a chart of its own (never their union). Either end may be left open; both omitted = each
     * specialty's newest closed block. A block is asked for by its own first and last season.
     */
    fromSeason: season.optional(),
    toSeason: season.optional(),
  })
  .refine((q) => q.fromSeason === undefined || q.toSeason === undefined || q.fromSeason <= q.toSeason, { message: 'the first season must not be after the last', path: ['fromSeason'] });

/** Which of the student's specialties the list is for. */
export const LIST_SPECIALTIES = ['target', 'backup'] as const;
export const ListSpecialty = z.enum(LIST_SPECIALTIES);
export type ListSpecialty = z.infer<typeof ListSpecialty>;

export const ProgramListRef = z.object({
  studentId: z.string().trim().min(1).max(64),
  /** 'target' or 'backup', or the name of one of them (any name or alias the specialty table knows: "Derm"). */
  specialty: z.string().trim().min(1).max(200).default('target'),
  /** The date the student's CK is read as of (default: today). */
  asOf: IsoDate.optional(),
});

export const ProgramListSave = ProgramListRef.extend({
  entries: z.array(ProgramListEntry).max(5000),
  /** The version of the saved list the advisor edited; null when there was none. A stale one is a CONFLICT. */
  version: z.number().int().positive().nullable(),
});

export interface ProgramListView {
  studentId: string;
  studentName: string;
  which: ListSpecialty;
  /** The specialty as the reference table names it (or as typed, when it matches no row). */
  specialty: string;
  /** False when the typed name matches no row of the specialty table: no programs can be listed. */
  specialtyKnown: boolean;
  asOf: string;
  applicantType: z.infer<typeof ApplicantType> | null;
  ckScore: number | null;
  /** Every program of the specialty with its line, the saved changes applied, in list order. */
  lines: ProgramLine[];
  counts: Record<ProgramLine['tier'], number> & { excluded: number; pinned: number };
  suggestion: ApplicationSuggestion;
  /** The specialty's ERAS signal allowance for the student's season, with its source; null when none is entered. */
  signalAllowance: string | null;
  /** The saved list: who saved it, when, its version (for the next save); null when never saved. */
  saved: { version: number; savedBy: string; savedAt: string } | null;
  /** Saved entries for programs no longer in the specialty: kept and listed, never dropped silently. */
  orphanEntries: z.infer<typeof ProgramListEntry>[];
  /** How the tiers are read, in sentences (printed with every export). */
  method: string[];
}

export interface ProgramListExport {
  fileName: string;
  bytes: Uint8Array;
  lines: number;
}

export const programListsApi = {
  /** The office's own Charting Outcomes, one chart per season block, small cells suppressed (with complementary suppression). */
  'outcomes.chart': endpoint<OutcomesChart>()(OutcomesChartInput),
  /** Every program of the student's target (or backup) specialty with its computed line and the saved changes applied. */
  'programList.build': endpoint<ProgramListView>()(ProgramListRef),
  /** Saves the advisor's entries (audited); CONFLICT when someone saved the list since `version`. Returns the list rebuilt. */
  'programList.save': endpoint<ProgramListView>()(ProgramListSave),
  /** The student's list as an .xlsx for the student: tiers, because-lines, evidence, n, years, advisor notes. */
  'programList.export': endpoint<ProgramListExport>()(ProgramListRef),
} satisfies Record<string, Endpoint<z.ZodType, unknown>>;
