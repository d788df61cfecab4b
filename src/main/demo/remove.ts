import { ApiError } from '../../shared/api';
import { writeAudit, type AuditContext } from '../db/audit';
import { countDemoCohort, deleteDemoStudents, demoStudentsWithImportedData, type DemoCounts } from '../db/demo-cohort';
import type { Db } from '../db/open';
import { removeDemoOutcomes } from './outcomes-load';

/** The audit context the demo loader's inserts carry ('demo.load' passes it): how its students are found again. */
export const DEMO_CONTEXT = 'demo cohort';

const LISTED = 10;

/**
 * What removing the demo cohort would delete; refused (nothing deleted) when there is no demo cohort,
 * or when an import has written to a demo student since: that ID is in the office's own files, so the
 * student now holds real data, and removing "the demo" would take it with it.
 */
export function demoRemovalPlan(db: Db): DemoCounts {
  const counts = countDemoCohort(db, DEMO_CONTEXT);
  if (counts.students === 0) throw new ApiError('REJECTED', 'This database holds no demo students: nothing to remove.');
  const real = demoStudentsWithImportedData(db, DEMO_CONTEXT);
  if (real.length > 0) {
    const named = real.slice(0, LISTED).map((r) => (r.importContext ? `${r.studentId} (${r.importContext})` : `${r.studentId} (exam or practice records from an import)`));
    const more = real.length > LISTED ? ` and ${real.length - LISTED} more` : '';
    throw new ApiError(
      'REJECTED',
      `Nothing was removed: ${real.length} demo ${real.length === 1 ? 'student was' : 'students were'} since updated by an import, so ${real.length === 1 ? 'it holds' : 'they hold'} real data: ${named.join(', ')}${more}. Remove or correct ${real.length === 1 ? 'that student' : 'those students'} first.`,
    );
  }
  return counts;
}

/**
 * Removes the demo cohort in one transaction: exactly the students the demo loader added, with
 * their exam attempts, practice exams and notes, and one audit row saying how many of each.
 */
export function removeDemoCohort(db: Db, who: AuditContext): DemoCounts {
  return db.transaction(() => {
    const counts = demoRemovalPlan(db);
    const deleted = deleteDemoStudents(db, DEMO_CONTEXT);
    if (deleted !== counts.students) throw new Error(`expected to remove ${counts.students} demo students, removed ${deleted}`);
    // The demo's graduates, their outcomes and its program directory go with it (demo/outcomes-load.ts; audited on a row of their own, before the cohort's).
    removeDemoOutcomes(db, who);
    writeAudit(db, who, { action: 'delete', entity: 'demo_cohort', entityId: `${counts.students} students`, oldValue: counts });
    return counts;
  })();
}
