import type { HandlerMap } from './context';
import type { outcomesApi } from '../../shared/api/outcomes';

/** Handlers for src/shared/api/outcomes.ts. */
export const outcomeHandlers: HandlerMap<keyof typeof outcomesApi> = {};
