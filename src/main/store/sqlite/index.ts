/**
 * The Store on SQLite (better-sqlite3): today's queries in db/, behind the seam's interface. The
 * driver is synchronous; the interface is not (PostgreSQL's is a network away), so each call
 * resolves at once with what the query returned.
 */
import { requireAll, rosterIds, rosterPage, rosterRows } from '../../cohort/roster';
import { addNoteToEach, assignAdvisor, studentsByIds } from '../../db/bulk';
import { readCohortChunks } from '../../db/cohort-snapshots';
import type { Db } from '../../db/open';
import { addSetting, addSpecialty, listSpecialties, loadReferenceData, removeSetting, removeSpecialty, updateSetting, updateSpecialty } from '../../db/reference';
import { deleteProgram, insertProgram, listPrograms, updateProgram } from '../../db/programs';
import { checkProgram, requireProgram } from '../../program-edits';
import { deleteNationalRate, deleteSignal, getNationalRate, getSignal, insertNationalRate, insertSignal, listNationalRates, listSignals, updateNationalRate, updateSignal } from '../../db/outcome-reference';
import type { Program } from '../../../shared/domain';
import { writePreference } from '../../db/preferences';
import { deleteSavedFilter, listSavedFilters, saveFilter } from '../../db/saved-filters';
import { auditFacets, searchAudit } from '../../db/audit-search';
import { replacePseudonymKey } from '../../reports/pseudonyms';
import { getStudent, insertStudent, loadSnapshot, updateStudent } from '../../db/students';
import { DigitIds } from '../../import/student-ids';
import { deleteAttempt, deletePractice, getAttempt, getPractice, insertAttempt, insertPractice, updateAttempt, updatePractice } from '../../db/attempts';
import type { AuditContext } from '../../db/audit';
import { deleteEnrolmentChange, getEnrolmentChange, insertEnrolmentChange, loadEnrolment, setArchived } from '../../db/enrolment';
import { deleteActionItem, deleteNote, getActionItem, getNote, insertActionItem, insertNote, listNotes, setActionItemDone, setFollowUpDone, updateNote } from '../../db/notes';
import { acknowledge, acknowledgementsByStudent, getAcknowledgement, listAcknowledgements, recordLapse, withdrawAcknowledgement } from '../../db/acknowledgements';
import { readChecklist, tickChecklistItem } from '../../db/checklist';
import {
  atRiskStudents,
  ckBySpecialty,
  classesPresent,
  classTimeline,
  cohortCounts,
  dashboardOptions,
  failureFlagCounts,
  practiceScores,
  riskByClass,
  upcomingFollowUps,
  urgentStudentIds,
} from '../../db/dashboard';
import { countStudents } from '../../db/students';
import type { ParsedImportInput } from '../../../shared/api/import';
import { previewImport, runImport, type ImportRunOptions } from '../../import/run';
import { ensureCohortIndex } from '../../cohort/status-index';
import { sqlFilter } from '../../cohort/targets';
import { sqliteOutcomesStore } from '../outcomes-store';
import { sqliteDirectoryStore } from '../directory-store';
import { DuplicateRecord, type AcknowledgementStore, type DashboardStore, type LastChange, type EnrolmentStore, type HeldId, type NotesStore, type ProgramStore, type RecordStore, type Store, type StudentStore, type VersionedTable } from '../store';

/** db/notes.ts, each write in its own transaction. */
function notesStore(db: Db): NotesStore {
  const write = (fn: () => unknown) => void db.transaction(fn)();
  return {
    list: async (studentId) => listNotes(db, studentId),
    get: async (id) => getNote(db, id),
    add: async (note, who) => write(() => insertNote(db, note, who)),
    update: async (before, after, who) => write(() => updateNote(db, before.id, before, after, who)),
    setFollowUpDone: async (before, done, who) => write(() => setFollowUpDone(db, before, done, who)),
    remove: async (id, who) => write(() => deleteNote(db, id, who)),
    item: async (id) => getActionItem(db, id),
    addItem: async (noteId, item, who) => write(() => insertActionItem(db, noteId, item, who)),
    setItemDone: async (before, done, who) => write(() => setActionItemDone(db, before, done, who)),
    removeItem: async (before, who) => write(() => deleteActionItem(db, before, who)),
  };
}

/** Runs a write; a natural key already taken becomes DuplicateRecord. */
function unique<R>(write: () => R): R {
  try {
    return write();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateRecord();
    throw err;
  }
}

/** The db/attempts.ts functions of one kind of record, each write in its own transaction. */
function recordStore<T extends { id: number; studentId: string }, Input>(
  db: Db,
  fns: {
    get: (db: Db, id: number) => T | null;
    insert: (db: Db, input: Input, who: AuditContext, source?: string | null) => T;
    update: (db: Db, before: T, after: T, who: AuditContext) => unknown;
    remove: (db: Db, id: number, who: AuditContext) => boolean;
  },
): RecordStore<T, Input> {
  return {
    get: async (id) => fns.get(db, id),
    add: async (input, who, source = null) => unique(() => db.transaction(() => fns.insert(db, input, who, source))()),
    update: async (before, after, who) => unique(() => void db.transaction(() => fns.update(db, before, after, who))()),
    remove: async (id, who) => db.transaction(() => fns.remove(db, id, who))(),
  };
}

function lastChange(db: Db, entity: string, entityId: string): LastChange | null {
  return (db.prepare(`SELECT actor, at FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1`).get(entity, entityId) as LastChange | undefined) ?? null;
}

function studentStore(db: Db): StudentStore {
  const versionOf = (id: string) => (db.prepare(`SELECT version FROM students WHERE id = ?`).pluck().get(id) as number | undefined) ?? null;
  const name = (id: string) => {
    const s = getStudent(db, id);
    return s ? `${s.firstName} ${s.lastName}` : 'a stored student';
  };
  return {
    version: async (id) => versionOf(id),
    add: async (student, who) =>
      db.transaction((): HeldId | null => {
        if (versionOf(student.id) !== null) return { kind: 'same', name: name(student.id) };
        const twin = new DigitIds(db).match(student.id);
        if (twin) return { kind: 'digits', holders: (twin.kind === 'one' ? [twin.id] : twin.ids).map((id) => ({ id, name: name(id) })) };
        insertStudent(db, student, who);
        return null;
      })(),
    update: async (id, change, expectedVersion, who) =>
      db.transaction(() => {
        const current = getStudent(db, id);
        if (!current) return null;
        const version = versionOf(id)!;
        if (expectedVersion !== undefined && version !== expectedVersion) return { stale: true as const, current, version, lastChange: lastChange(db, 'student', id) };
        updateStudent(db, current, change(current), who);
        return { stale: false as const };
      })(),
  };
}

/**
 * The dashboard over the connection's cohort index (db/cohort-index.ts): `cohortStatus` makes sure
 * the index holds the date, and each aggregation is one SQL statement over it.
 */
function dashboardStore(db: Db): DashboardStore {
  return {
    cohortStatus: async (asOf) => {
      const entry = ensureCohortIndex(db, asOf);
      return {
        asOf,
        flagsOf: (id) => entry.flags.get(id) ?? [],
        counts: (f) => cohortCounts(db, f, asOf),
        failureFlagCounts: (f, codes) => failureFlagCounts(db, f, asOf, codes),
        riskByClass: (f) => riskByClass(db, f, asOf),
        ckBySpecialty: (f) => ckBySpecialty(db, f, asOf),
        classesPresent: (f) => classesPresent(db, f, asOf),
        classTimeline: (f, gradYear, ckSafeDate) => classTimeline(db, f, asOf, gradYear, ckSafeDate),
        atRisk: (f, offset, limit) => atRiskStudents(db, f, asOf, offset, limit),
        urgentStudentIds: (f) => urgentStudentIds(db, f, asOf),
      };
    },
    resolveFilter: async (filter) => sqlFilter(db, loadReferenceData(db), filter),
    options: async () => dashboardOptions(db),
    followUps: async (filter, asOf, until, limit) => upcomingFollowUps(db, filter, asOf, until, limit),
    practiceScores: async (filter, asOf, exam, from, to) => {
      // The view's filter reads the cohort index when it narrows the cohort.
      ensureCohortIndex(db, asOf);
      return practiceScores(db, filter, asOf, exam, from, to);
    },
  };
}

function acknowledgementStore(db: Db): AcknowledgementStore {
  return {
    list: async (studentId) => listAcknowledgements(db, studentId),
    byStudent: async (ids) => acknowledgementsByStudent(db, ids),
    get: async (studentId, code) => getAcknowledgement(db, studentId, code),
    acknowledge: async (facts, who) => void db.transaction(() => acknowledge(db, facts, who))(),
    withdraw: async (before, who) => db.transaction(() => withdrawAcknowledgement(db, before, who))(),
    recordLapses: async (lapses, who, now) => db.transaction(() => lapses.forEach(({ ack, reason }) => recordLapse(db, ack, reason, who, now)))(),
  };
}

/** db/enrolment.ts, each write in its own transaction. */
function enrolmentStore(db: Db): EnrolmentStore {
  return {
    read: async (studentId) => loadEnrolment(db, studentId),
    change: async (id) => getEnrolmentChange(db, id),
    addChange: async (change, who) => db.transaction(() => insertEnrolmentChange(db, change, who))(),
    removeChange: async (before, who) => void db.transaction(() => deleteEnrolmentChange(db, before.id, who))(),
    setArchived: async (studentId, archived, who) => db.transaction(() => setArchived(db, studentId, archived, who))(),
  };
}

/** Every selected student, or NOT_FOUND naming the IDs that are no student (nothing is written then). */
function existingStudents(db: Db, ids: readonly string[]) {
  const { students } = studentsByIds(db, ids);
  requireAll(ids, students, 'nothing was changed');
  return students;
}

/** db/programs.ts, each write one transaction that decides (program-edits.ts) over the rows as they stand. */
function programStore(db: Db): ProgramStore {
  const specialtyIds = () => new Set(listSpecialties(db).map((s) => s.id));
  return {
    list: async (specialtyId) => listPrograms(db, specialtyId),
    add: async (p, who) =>
      db.transaction(() => {
        checkProgram(listPrograms(db), specialtyIds(), p, null);
        return insertProgram(db, p, who);
      })(),
    update: async (id, p, who) =>
      db.transaction(() => {
        const all = listPrograms(db);
        const before = requireProgram(all, id);
        checkProgram(all, specialtyIds(), p, id);
        const after: Program = { ...p, id };
        updateProgram(db, before, after, who);
        return after;
      })(),
    remove: async (id, who) => db.transaction(() => deleteProgram(db, requireProgram(listPrograms(db), id), who))(),
  };
}

/** One of db/outcome-reference.ts's tables, each write one transaction; a natural key taken becomes DuplicateRecord. */
function versionedTable<T, R extends T & { id: number; version: number }>(
  db: Db,
  fns: {
    list: (db: Db) => R[];
    get: (db: Db, id: number) => R | null;
    insert: (db: Db, value: T, who: AuditContext) => R;
    update: (db: Db, before: R, after: T, who: AuditContext) => unknown;
    remove: (db: Db, before: R, who: AuditContext) => void;
  },
): VersionedTable<T> {
  return {
    list: async () => fns.list(db),
    add: async (value, who) => unique(() => db.transaction(() => fns.insert(db, value, who))()),
    update: async (id, version, value, who) =>
      unique(() =>
        db.transaction(() => {
          const before = fns.get(db, id);
          if (!before) return null;
          if (before.version !== version) return 'stale' as const;
          fns.update(db, before, value, who);
          return fns.get(db, id)!;
        })(),
      ),
    remove: async (id, who) =>
      db.transaction(() => {
        const before = fns.get(db, id);
        if (!before) return false;
        fns.remove(db, before, who);
        return true;
      })(),
  };
}

const stores = new WeakMap<Db, Store>();

/** The store over an open SQLite handle (one per handle; closing the store does not close the handle, its owner does). */
export function sqliteStore(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = {
      engine: 'sqlite',
      students: studentStore(db),
      countStudents: async () => countStudents(db),
      reportSource: async () => ({ db, release: async () => undefined }),
      audit: { search: async (q) => searchAudit(db, q), facets: async () => auditFacets(db) },
      programs: programStore(db),
      outcomeReference: {
        signals: versionedTable(db, { list: listSignals, get: getSignal, insert: insertSignal, update: updateSignal, remove: deleteSignal }),
        nationalRates: versionedTable(db, { list: listNationalRates, get: getNationalRate, insert: insertNationalRate, update: updateNationalRate, remove: deleteNationalRate }),
      },
      savedFilters: {
        list: async () => listSavedFilters(db),
        save: async (name, filter, who) => void db.transaction(() => saveFilter(db, name, filter, who))(),
        remove: async (id, who) => db.transaction(() => deleteSavedFilter(db, id, who))(),
      },
      reference: {
        updateSetting: async (key, effectiveFrom, patch, who) => updateSetting(db, key, effectiveFrom, patch, who),
        addSetting: async (input, who) => addSetting(db, input, who),
        removeSetting: async (key, effectiveFrom, who) => removeSetting(db, key, effectiveFrom, who),
        addSpecialty: async (input, who) => addSpecialty(db, input, who),
        updateSpecialty: async (id, patch, who) => updateSpecialty(db, id, patch, who),
        removeSpecialty: async (id, who) => removeSpecialty(db, id, who),
        setPreference: async (key, value, who) => writePreference(db, key, value, who),
        replacePseudonymKey: async (who) => replacePseudonymKey(db, who),
      },
      selection: {
        rows: async (view, ids) => rosterRows(db, view, ids),
        ids: async (view) => rosterIds(db, view),
        assignAdvisor: async (ids, advisor, who) => db.transaction(() => assignAdvisor(db, existingStudents(db, ids), advisor, who))(),
        addNote: async (ids, note, who) => db.transaction(() => addNoteToEach(db, existingStudents(db, ids), note, who))(),
      },
      // Through its own connection to the file (db.name), so nothing else done on `db` meanwhile joins the import's transaction.
      importRoster: ((mode: 'preview' | 'commit', input: ParsedImportInput, options: ImportRunOptions, actor: string) =>
        (mode === 'preview' ? previewImport : runImport)({ db, databasePath: db.name, actor }, input, options)) as Store['importRoster'],
      dashboard: dashboardStore(db),
      acknowledgements: acknowledgementStore(db),
      checklist: {
        read: async (studentId) => readChecklist(db, studentId),
        tick: async (studentId, itemId, done, who) => db.transaction(() => tickChecklistItem(db, studentId, itemId, done, who))(),
      },
      notes: notesStore(db),
      enrolment: enrolmentStore(db),
      outcomes: sqliteOutcomesStore(db),
      directory: sqliteDirectoryStore(db),
      attempts: recordStore(db, { get: getAttempt, insert: insertAttempt, update: updateAttempt, remove: deleteAttempt }),
      practice: recordStore(db, { get: getPractice, insert: insertPractice, update: updatePractice, remove: deletePractice }),
      async *readCohort(filter, chunkSize) {
        yield* readCohortChunks(db, filter, chunkSize);
      },
      roster: async (q) => rosterPage(db, q),
      snapshot: async (id) => loadSnapshot(db, id),
      referenceData: async () => loadReferenceData(db),
      onChange: () => () => {},
      close: async () => {},
    };
    stores.set(db, store);
  }
  return store;
}
