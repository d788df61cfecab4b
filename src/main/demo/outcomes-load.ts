/**
 * Writes the demo's outcomes memory (demo/outcomes.ts) with the demo cohort, in the caller's
 * transaction, and removes it with the demo cohort: outcomes and consents marked `source = 'demo'`,
 * programs whose insert carries the demo's audit context and no import has changed since.
 */
import type { Specialty } from '../../shared/domain';
import { findSpecialty } from '../../shared/rules/specialties';
import { writeAudit, type AuditContext } from '../db/audit';
import { insertOutcome, setConsent, upsertApplication } from '../db/match-outcomes';
import type { Db } from '../db/open';
import { insertDirectoryProgram, programsByCode } from '../db/program-directory';
import { generateDemoOutcomes } from './outcomes';

export const DEMO_SOURCE = 'demo';

export interface DemoOutcomeCounts {
  programs: number;
  outcomes: number;
  applications: number;
  consents: number;
}

/** Graduates per past season for a demo cohort of `students` (about a class's worth: a quarter of four classes). */
export function demoGraduatesPerSeason(students: number): number {
  return Math.max(40, Math.min(400, Math.round(students / 4)));
}

export function writeDemoOutcomes(db: Db, seed: number, asOf: string, students: number, specialties: readonly Specialty[], who: AuditContext): DemoOutcomeCounts {
  const demo = generateDemoOutcomes(seed, asOf, demoGraduatesPerSeason(students), specialties);
  const counts: DemoOutcomeCounts = { programs: 0, outcomes: 0, applications: 0, consents: 0 };
  const existing = programsByCode(db, demo.programs.map((p) => p.code!));
  for (const { specialty, prestige: _prestige, ...p } of demo.programs) {
    if (existing.has(p.code!)) continue;
    insertDirectoryProgram(db, { ...p, specialtyId: findSpecialty(specialties, specialty)?.id ?? null }, null, who);
    counts.programs++;
  }
  for (const g of demo.graduates) {
    const saved = insertOutcome(db, g.outcome, who, DEMO_SOURCE);
    counts.outcomes++;
    for (const a of g.applications) {
      upsertApplication(db, { ...a, outcomeId: saved.id }, who);
      counts.applications++;
    }
    if (g.consent && setConsent(db, g.consent, who, DEMO_SOURCE) === 'added') counts.consents++;
  }
  return counts;
}

/** Removes the demo's outcomes memory (see the file comment); one audit row says how many of each. */
export function removeDemoOutcomes(db: Db, demoContext: string, who: AuditContext): DemoOutcomeCounts {
  const outcomes = db.prepare(`SELECT count(*) FROM match_outcomes WHERE source = ?`).pluck().get(DEMO_SOURCE) as number;
  const applications = db.prepare(`SELECT count(*) FROM outcome_applications WHERE outcome_id IN (SELECT id FROM match_outcomes WHERE source = ?)`).pluck().get(DEMO_SOURCE) as number;
  db.prepare(`DELETE FROM match_outcomes WHERE source = ?`).run(DEMO_SOURCE);
  const consents = db.prepare(`DELETE FROM outcome_consents WHERE source = ?`).run(DEMO_SOURCE).changes;
  const programs = db
    .prepare(
      `DELETE FROM programs WHERE import_batch IS NULL
         AND (SELECT a.context FROM audit_log a WHERE a.entity = 'program' AND a.entity_id = CAST(programs.id AS TEXT) AND a.action = 'insert' ORDER BY a.id DESC LIMIT 1) = ?
         AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'program' AND a.entity_id = CAST(programs.id AS TEXT) AND a.action = 'update')`,
    )
    .run(demoContext).changes;
  const counts = { programs, outcomes, applications, consents };
  if (programs + outcomes + consents > 0) writeAudit(db, who, { action: 'delete', entity: 'demo_outcomes', entityId: `${outcomes} outcomes`, oldValue: counts });
  return counts;
}
