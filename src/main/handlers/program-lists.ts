import type { HandlerMap } from './context';
import type { programListsApi } from '../../shared/api/program-lists';

/** Handlers for src/shared/api/program-lists.ts. */
export const programListHandlers: HandlerMap<keyof typeof programListsApi> = {};
