import { ApiError } from '../../shared/api';
import { localToday } from '../../shared/domain';
import { insertAttempt, insertPractice } from '../db/attempts';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';
import { listSettings, listSpecialties } from '../db/reference';
import { countStudents, insertStudent } from '../db/students';
import { generateCohort } from './cohort';
import { writeDemoOutcomes } from './outcomes-load';

/** Writes a demo cohort into an empty database, in one transaction. Refuses a database that holds students. */
export function loadDemoCohort(db: Db, opts: { students: number; seed: number; asOf?: string }, who: AuditContext) {
  const existing = countStudents(db);
  if (existing > 0)
    throw new ApiError('REJECTED', `The database already holds ${existing} students; the demo cohort is only loaded into an empty database.`);
  const ref = { settings: listSettings(db), specialties: listSpecialties(db) };
  const asOf = opts.asOf ?? localToday();
  const cohort = generateCohort(opts.students, opts.seed, asOf, ref);
  db.transaction(() => {
    for (const s of cohort.students) insertStudent(db, s, who);
    for (const a of cohort.attempts) insertAttempt(db, a, who, 'demo');
    for (const p of cohort.practice) insertPractice(db, p, who, 'demo');
    // Past seasons' graduates and a program directory, so outcomes and program lists have something to show (issue 15).
    writeDemoOutcomes(db, opts.seed, asOf, opts.students, ref.specialties, who);
  })();
  return { students: cohort.students.length, attempts: cohort.attempts.length, practice: cohort.practice.length };
}
