/**
 * The demo's outcomes memory (demo/outcomes.ts) written with the demo cohort, in the caller's
 * transaction (db/demo-outcomes.ts), and removed with it.
 */
import type { Specialty } from '../../shared/domain';
import { findSpecialty } from '../../shared/rules/specialties';
import type { AuditContext } from '../db/audit';
import { deleteDemoOutcomes, hasOutcomesMemory, insertDemoOutcomes, type DemoOutcomeCounts } from '../db/demo-outcomes';
import type { Db } from '../db/open';
import { generateDemoOutcomes } from './outcomes';

/** Graduates per past season for a demo cohort of `students` (about a class's worth: a quarter of four classes). */
export function demoGraduatesPerSeason(students: number): number {
  return Math.max(40, Math.min(400, Math.round(students / 4)));
}

export function writeDemoOutcomes(db: Db, seed: number, asOf: string, students: number, specialties: readonly Specialty[], who: AuditContext): DemoOutcomeCounts | null {
  if (!hasOutcomesMemory(db)) return null;
  const demo = generateDemoOutcomes(seed, asOf, demoGraduatesPerSeason(students), specialties);
  return insertDemoOutcomes(db, { programs: demo.programs.map(({ specialty, prestige: _p, ...p }) => ({ ...p, specialtyId: findSpecialty(specialties, specialty)?.id ?? null })), graduates: demo.graduates }, who);
}

export function removeDemoOutcomes(db: Db, who: AuditContext): DemoOutcomeCounts {
  return deleteDemoOutcomes(db, who);
}
