import { z } from 'zod';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const FLAG_CODES = [
  'STEP1_FAIL',
  'ATTEMPT_LIMIT',
  'COMLEX1_FAIL',
  'COMLEX2_FAIL',
  'STEP1_LATE',
  'STEP1_NOT_READY',
  'CK_FAIL',
  'CK_BELOW_TARGET',
  'CK_LATE',
  'CK_NOT_READY',
  'DUAL_APPLY_ADVISED',
  'IMG_NO_USCE',
  'DO_NO_USMLE',
] as const;
export const FlagCode = z.enum(FLAG_CODES);
export type FlagCode = z.infer<typeof FlagCode>;

export interface Flag {
  code: FlagCode;
  severity: Severity;
  /** One line naming the facts behind the flag: dates, scores, attempts, the reference used. */
  message: string;
  /** What the advising guide recommends. */
  actions: string[];
}

export type RiskLevel = Severity;

/** A student's risk level is the highest severity among their flags (null: no flags). */
export function riskLevel(flags: readonly Flag[]): RiskLevel | null {
  let best: Severity | null = null;
  for (const f of flags) if (best === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}
