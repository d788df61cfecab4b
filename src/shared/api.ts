/**
 * The contract between every shell (Electron IPC, the web host, the CLI) and the core: handler
 * name → input schema and output type. Each domain declares its part in src/shared/api/; this file
 * only merges them, so the renderer's client and the main process's dispatcher are typed from one map.
 */
import type { z } from 'zod';
import { appApi } from './api/app';
import type { Endpoint } from './api/contract';
import { studentsApi } from './api/students';
import { reportsApi } from './api/reports';
import { importApi } from './api/import';
import { programsApi } from './api/programs';
import { flagsApi } from './api/flags';
import { referenceApi } from './api/reference';
import { dashboardApi } from './api/dashboard';
import { notesApi } from './api/notes';
import { savedFiltersApi } from './api/saved-filters';
import { studentPageApi } from './api/student-page';
import { backupApi } from './api/backup';
import { auditApi } from './api/audit';
import { rosterApi } from './api/roster';
import { acknowledgementsApi } from './api/acknowledgements';
import { enrolmentApi } from './api/enrolment';
import { outcomesApi } from './api/outcomes';
import { programListsApi } from './api/program-lists';
import { officeApi } from './api/office';

export const api = {
  ...appApi,
  ...studentsApi,
  ...reportsApi,
  ...importApi,
  ...programsApi,
  ...flagsApi,
  ...referenceApi,
  ...dashboardApi,
  ...notesApi,
  ...savedFiltersApi,
  ...studentPageApi,
  ...backupApi,
  ...auditApi,
  ...rosterApi,
  ...acknowledgementsApi,
  ...enrolmentApi,
  ...outcomesApi,
  ...programListsApi,
  ...officeApi,
} satisfies Record<string, Endpoint<z.ZodType, unknown>>;

export type Api = typeof api;
export type HandlerName = keyof Api;
export type InputOf<K extends HandlerName> = z.input<Api[K]['input']>;
export type ParsedInputOf<K extends HandlerName> = z.output<Api[K]['input']>;
export type OutputOf<K extends HandlerName> = NonNullable<Api[K]['output']>;

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.hasOwn(api, name);
}

export * from './api/contract';
export * from './api/students';
export * from './api/reports';
export * from './api/import';
export * from './api/app';
export * from './api/programs';
export * from './api/flags';
export * from './api/reference';
export * from './api/dashboard';
export * from './api/notes';
export * from './api/saved-filters';
export * from './api/student-page';
export * from './api/backup';
export * from './api/audit';
export * from './api/roster';
export * from './api/enrolment';
export * from './api/outcomes';
export * from './api/program-lists';
export * from './api/office';
