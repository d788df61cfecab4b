import type { z } from 'zod';
import type { Endpoint } from './contract';

/**
 * Program directory import and the school's outcomes memory (issue 15): loading programs and match
 * lists, a student's outcomes and consent, ERAS signal allowances and national match rates.
 */
export const outcomesApi = {} satisfies Record<string, Endpoint<z.ZodType, unknown>>;
