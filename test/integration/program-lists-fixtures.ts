/**
 * A small school written through the storage layer's own functions: students on the roster, a
 * program directory, and past graduates' outcomes, some of whom did not consent to sharing them.
 */
import type { AuditContext } from '../../src/main/db/audit';
import type { Db } from '../../src/main/db/open';
import { insertAttempt } from '../../src/main/db/attempts';
import { insertOutcome, setConsent, upsertApplication } from '../../src/main/db/match-outcomes';
import { insertDirectoryProgram } from '../../src/main/db/program-directory';
import { listSpecialties } from '../../src/main/db/reference';
import { insertStudent } from '../../src/main/db/students';
import type { DirectoryProgram, MatchOutcomeInput, Student } from '../../src/shared/domain';

const WHO: AuditContext = { actor: 'fixture', context: 'test' };

function student(over: Partial<Student> & Pick<Student, 'id' | 'firstName' | 'lastName'>): Student {
  return {
    email: null,
    gradYear: 2027,
    applicantType: 'US_MD',
    targetSpecialty: null,
    backupSpecialty: null,
    advisor: 'Dr. Adams',
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: {},
    ...over,
  };
}

function outcome(over: Partial<MatchOutcomeInput> & Pick<MatchOutcomeInput, 'studentId' | 'season'>): MatchOutcomeInput {
  return {
    specialty: 'Dermatology',
    applications: 60,
    goldSignals: null,
    silverSignals: null,
    interviews: 8,
    rankListLength: null,
    result: 'matched',
    matchedProgramCode: null,
    matchedProgramName: null,
    ckAtApplication: null,
    comlexAtApplication: null,
    note: null,
    ...over,
  };
}

export interface SchoolPrograms {
  d1: DirectoryProgram;
  noVisa: DirectoryProgram;
  ckMinimum: DirectoryProgram;
  noComlex: DirectoryProgram;
  uncoded: DirectoryProgram;
  im1: DirectoryProgram;
}

/** D1's eight consenting graduates who matched there (CK at application). */
export const D1_SCORES = [238, 242, 244, 247, 250, 251, 255, 260];

export function seedSchool(db: Db): SchoolPrograms {
  const specialty = (name: string) => listSpecialties(db).find((s) => s.name === name)!.id;
  const derm = specialty('Dermatology');
  const im = specialty('Internal Medicine');
  return db.transaction(() => {
    insertStudent(db, student({ id: 'S-MD', firstName: 'Maya', lastName: 'Diaz', targetSpecialty: 'Derm', backupSpecialty: 'Internal Medicine' }), WHO);
    insertAttempt(db, { studentId: 'S-MD', exam: 'STEP1', testDate: '2025-03-01', outcome: 'PASS', score: null, attemptOrder: 1 }, WHO);
    insertAttempt(db, { studentId: 'S-MD', exam: 'STEP2CK', testDate: '2026-05-01', outcome: 'PASS', score: 246, attemptOrder: 1 }, WHO);
    insertStudent(db, student({ id: 'S-IMG', firstName: 'Ivan', lastName: 'Ito', applicantType: 'IMG', targetSpecialty: 'Dermatology' }), WHO);
    insertAttempt(db, { studentId: 'S-IMG', exam: 'STEP2CK', testDate: '2026-05-01', outcome: 'PASS', score: 262, attemptOrder: 1 }, WHO);
    insertStudent(db, student({ id: 'S-DO', firstName: 'Dana', lastName: 'Olsen', applicantType: 'US_DO', targetSpecialty: 'Dermatology' }), WHO);
    insertStudent(db, student({ id: 'S-NONE', firstName: 'Noor', lastName: 'Nash' }), WHO);

    const program = (p: Partial<DirectoryProgram> & Pick<DirectoryProgram, 'name'>) =>
      insertDirectoryProgram(db, { specialtyId: derm, city: 'Springfield', state: 'IL', kind: 'academic', stepCkMinimum: null, note: null, code: null, positions: 4, visa: 'J-1', comlexAccepted: true, ...p }, null, WHO);
    const programs: SchoolPrograms = {
      d1: program({ name: 'Lakeside University Dermatology', code: '1111080A0' }),
      noVisa: program({ name: 'Harbor Health Dermatology', code: '2222080A0', visa: 'none' }),
      ckMinimum: program({ name: 'Summit Medical Center Dermatology', code: '3333080A0', stepCkMinimum: 250 }),
      noComlex: program({ name: 'Prairie State Dermatology', code: '4444080A0', comlexAccepted: false }),
      uncoded: program({ name: 'Riverbend Community Dermatology', code: null, visa: null, comlexAccepted: null }),
      im1: program({ name: 'Lakeside University Internal Medicine', code: '1111140C0', specialtyId: im }),
    };

    const consent = (studentId: string, yes: boolean) => setConsent(db, { studentId, consent: yes ? 'yes' : 'no', recordedOn: '2025-04-01', note: null }, WHO, 'fixture');
    // Consenting graduates: 8 matched at D1 (2022–2025), 6 matched elsewhere, 4 unmatched.
    D1_SCORES.forEach((ck, i) => {
      const id = `G-D1-${i}`;
      consent(id, true);
      const o = insertOutcome(db, outcome({ studentId: id, season: 2022 + (i % 4), matchedProgramCode: '1111080A0', ckAtApplication: ck }), WHO, 'fixture');
      upsertApplication(db, { outcomeId: o.id, programCode: '1111080A0', signal: i < 3 ? 'gold' : null, interviewOffered: true }, WHO);
    });
    for (let i = 0; i < 6; i++) {
      consent(`G-X-${i}`, true);
      insertOutcome(db, outcome({ studentId: `G-X-${i}`, season: 2023 + (i % 3), matchedProgramCode: '9999080A0', matchedProgramName: 'Elsewhere Dermatology', ckAtApplication: 240 + i * 3 }), WHO, 'fixture');
    }
    for (let i = 0; i < 4; i++) {
      consent(`G-U-${i}`, true);
      insertOutcome(db, outcome({ studentId: `G-U-${i}`, season: 2025, result: 'unmatched', interviews: 2, ckAtApplication: 232 + i }), WHO, 'fixture');
    }
    // Not consenting: five graduates with very high scores who matched at D1. They must count nowhere.
    for (let i = 0; i < 5; i++) {
      consent(`G-NO-${i}`, false);
      insertOutcome(db, outcome({ studentId: `G-NO-${i}`, season: 2025, matchedProgramCode: '1111080A0', ckAtApplication: 275 }), WHO, 'fixture');
    }
    // Never asked: not shared either.
    insertOutcome(db, outcome({ studentId: 'G-ASK', season: 2025, matchedProgramCode: '1111080A0', ckAtApplication: 280 }), WHO, 'fixture');
    return programs;
  })();
}
