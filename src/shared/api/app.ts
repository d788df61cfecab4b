import { z } from 'zod';
import type { Setting, Specialty } from '../domain';
import { endpoint } from './contract';

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  studentCount: number;
  actor: string;
}

export const DemoInput = z.object({
  students: z.number().int().min(1).max(200_000).default(500),
  seed: z.number().int().default(2027),
  asOf: z.string().optional(),
});

/** The demo cohort's rows (students and what hangs off them), found by the demo loader's audit rows. */
export interface DemoCounts {
  students: number;
  examAttempts: number;
  practiceExams: number;
  notes: number;
}

export const appApi = {
  'app.info': endpoint<AppInfo>()(z.object({})),
  'demo.load': endpoint<{ students: number; attempts: number; practice: number }>()(DemoInput),
  'demo.status': endpoint<DemoCounts>()(z.object({})),
  /** Removes exactly the demo cohort, after a backup, in one audited transaction; `backup` names that backup (null in memory). */
  'demo.remove': endpoint<DemoCounts & { backup: string | null }>()(z.object({})),
  'settings.list': endpoint<Setting[]>()(z.object({})),
  'specialties.list': endpoint<Specialty[]>()(z.object({})),
};
