import type { z } from 'zod';
import type { Endpoint } from './contract';

/**
 * What is computed from the outcomes memory (issue 15): the office's own Charting Outcomes, and a
 * student's program list with a tier and a "because" line per program.
 */
export const programListsApi = {} satisfies Record<string, Endpoint<z.ZodType, unknown>>;
