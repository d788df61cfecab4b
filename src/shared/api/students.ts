import { z } from 'zod';
import { ApplicantType, ExamAttemptInput, PracticeExamInput, StudentPatch, type ExamAttempt, type PracticeExam, type Student } from '../domain';
import { endpoint } from './contract';

export const ROSTER_SORT_KEYS = ['id', 'name', 'gradYear', 'applicantType', 'targetSpecialty', 'advisor', 'step1', 'ckScore', 'ckDate'] as const;

export const RosterQuery = z.object({
  search: z.string().max(200).optional(),
  gradYears: z.array(z.number().int()).max(50).optional(),
  advisor: z.string().max(200).optional(),
  applicantType: ApplicantType.optional(),
  targetSpecialty: z.string().max(200).optional(),
  sort: z.enum(ROSTER_SORT_KEYS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type RosterQuery = z.input<typeof RosterQuery>;

export type Step1Status = 'passed' | 'failed' | 'scheduled' | 'pending' | 'not yet';

export interface RosterRow {
  id: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  applicantType: Student['applicantType'];
  targetSpecialty: string | null;
  advisor: string | null;
  step1: Step1Status;
  ckScore: number | null;
  ckDate: string | null;
}

export interface RosterPage {
  total: number;
  offset: number;
  rows: RosterRow[];
}

export interface StudentDetail {
  student: Student;
  attempts: ExamAttempt[];
  practice: PracticeExam[];
}

const StudentId = z.object({ id: z.string().trim().min(1).max(64) });
const RowId = z.object({ id: z.number().int().positive() });

export const studentsApi = {
  'students.list': endpoint<RosterPage>()(RosterQuery),
  'students.get': endpoint<StudentDetail>()(StudentId),
  'students.update': endpoint<StudentDetail>()(z.object({ id: z.string().trim().min(1).max(64), patch: StudentPatch })),
  'attempts.add': endpoint<StudentDetail>()(ExamAttemptInput),
  'attempts.update': endpoint<StudentDetail>()(z.object({ id: z.number().int().positive(), attempt: ExamAttemptInput })),
  'attempts.remove': endpoint<StudentDetail>()(RowId),
  'practice.add': endpoint<StudentDetail>()(PracticeExamInput),
  'practice.update': endpoint<StudentDetail>()(z.object({ id: z.number().int().positive(), practice: PracticeExamInput })),
  'practice.remove': endpoint<StudentDetail>()(RowId),
};
