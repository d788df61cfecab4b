/**
 * Implements src/shared/api.ts. Every shell calls `invoke(name, input)` with untrusted values:
 * the name must be a known handler and the input must pass its schema, or the caller gets a typed
 * error. Nothing a caller sends can crash the process.
 */
import { z } from 'zod';
import { api, ApiError, isHandlerName, type ApiResult, type HandlerName, type InputOf, type OutputOf } from '../shared/api';
import { appHandlers } from './handlers/app';
import type { HandlerContext, HandlerMap } from './handlers/context';
import { studentHandlers } from './handlers/students';
import { reportHandlers } from './handlers/reports';
import { importHandlers } from './handlers/import';
import { programHandlers } from './handlers/programs';
import { flagHandlers } from './handlers/flags';
import { referenceHandlers } from './handlers/reference';
import { dashboardHandlers } from './handlers/dashboard';
import { notesHandlers } from './handlers/notes';
import { savedFilterHandlers } from './handlers/saved-filters';
import { studentPageHandlers } from './handlers/student-page';
import { backupHandlers } from './handlers/backup';
import { auditHandlers } from './handlers/audit';
import { rosterHandlers } from './handlers/roster';
import { demoHandlers } from './handlers/demo';
import { acknowledgementHandlers } from './handlers/acknowledgements';
import { enrolmentHandlers } from './handlers/enrolment';
import { outcomeHandlers } from './handlers/outcomes';
import { programListHandlers } from './handlers/program-lists';
import { officeHandlers } from './handlers/office';

export const handlers = {
  ...appHandlers,
  ...studentHandlers,
  ...reportHandlers,
  ...importHandlers,
  ...programHandlers,
  ...flagHandlers,
  ...referenceHandlers,
  ...dashboardHandlers,
  ...notesHandlers,
  ...savedFilterHandlers,
  ...studentPageHandlers,
  ...backupHandlers,
  ...auditHandlers,
  ...rosterHandlers,
  ...demoHandlers,
  ...acknowledgementHandlers,
  ...enrolmentHandlers,
  ...outcomeHandlers,
  ...programListHandlers,
  ...officeHandlers,
} satisfies HandlerMap<HandlerName>;

export async function invoke<K extends HandlerName>(ctx: HandlerContext, name: K, input: InputOf<K>): Promise<ApiResult<OutputOf<K>>>;
export async function invoke(ctx: HandlerContext, name: unknown, input: unknown): Promise<ApiResult<unknown>>;
export async function invoke(ctx: HandlerContext, name: unknown, input: unknown): Promise<ApiResult<unknown>> {
  if (!isHandlerName(name)) return { ok: false, error: { code: 'UNKNOWN_HANDLER', message: `Unknown handler: ${String(name).slice(0, 100)}` } };
  const parsed = (api[name].input as z.ZodType).safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: `Invalid input for ${name}`,
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: HandlerContext) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.toBody() };
    // An office database refusing the signed-in person (grants, row-level security): their role does not allow it.
    if ((err as { code?: unknown }).code === '42501')
      return { ok: false, error: { code: 'REJECTED', message: `Your office role does not allow this: ${(err as Error).message}` } };
    return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
  }
}
