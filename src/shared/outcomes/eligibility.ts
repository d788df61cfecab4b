/**
 * Eligibility comes before any tier (issue 15): a program the student cannot be ranked at is "not
 * eligible" with its reason, never reach. Three reasons, each from the program directory:
 *
 * - **Visa**: a student who needs a visa, at a program that sponsors none. Stepwise records no
 *   citizenship, so the need is read from the applicant type: an IMG is taken to need a visa; a
 *   US MD or US DO is not. (A US-citizen IMG is the known exception: the advisor annotates the line.)
 * - **COMLEX only**: a US DO with no USMLE Step 2 CK taken, pending or scheduled, at a program that
 *   does not accept COMLEX.
 * - **CK minimum**: a published minimum the student's CK is below.
 *
 * An unknown value (the directory does not say, or the student's record is blank) is never a reason
 * to exclude: the line says "not known" and goes on to the tier.
 */
import type { DirectoryProgram, ListStudent } from './memory';

export type EligibilityReasonCode = 'VISA' | 'COMLEX_ONLY' | 'CK_MINIMUM';

export interface Eligibility {
  eligible: boolean;
  /** Why not, one sentence per reason (empty when eligible). */
  reasons: { code: EligibilityReasonCode; text: string }[];
  /** What could not be checked, in words ("visa sponsorship not known"). */
  unknown: string[];
}

export function needsVisa(student: Pick<ListStudent, 'applicantType'>): boolean | null {
  return student.applicantType === null ? null : student.applicantType === 'IMG';
}

export function comlexOnly(student: Pick<ListStudent, 'applicantType' | 'ckAttempted'>): boolean | null {
  return student.applicantType === null ? null : student.applicantType === 'US_DO' && !student.ckAttempted;
}

export function eligibility(student: ListStudent, program: DirectoryProgram): Eligibility {
  const reasons: Eligibility['reasons'] = [];
  const unknown: string[] = [];

  const visa = needsVisa(student);
  if (visa === null) unknown.push('visa need not known (applicant type not recorded)');
  else if (visa) {
    if (program.visa === null) unknown.push('visa sponsorship not known');
    else if (program.visa === 'none') reasons.push({ code: 'VISA', text: 'does not sponsor visas, and an IMG is taken to need one' });
  }

  const doOnly = comlexOnly(student);
  if (doOnly === null) {
    if (program.comlexAccepted === false) unknown.push('COMLEX-only status not known (applicant type not recorded)');
  } else if (doOnly) {
    if (program.comlexAccepted === null) unknown.push('whether COMLEX is accepted not known');
    else if (!program.comlexAccepted) reasons.push({ code: 'COMLEX_ONLY', text: 'does not accept COMLEX, and the student has no USMLE Step 2 CK taken or scheduled' });
  }

  if (program.stepCkMinimum !== null) {
    if (student.ckScore === null) unknown.push(`published CK minimum ${program.stepCkMinimum}: no CK score yet`);
    else if (student.ckScore < program.stepCkMinimum)
      reasons.push({ code: 'CK_MINIMUM', text: `publishes a Step 2 CK minimum of ${program.stepCkMinimum}; the student's CK is ${student.ckScore}` });
  }

  return { eligible: reasons.length === 0, reasons, unknown };
}
