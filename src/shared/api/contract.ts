import { z } from 'zod';

/** A named handler: its input schema (validated in the main process) and its output type. */
export interface Endpoint<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type only. */
  readonly output?: O;
}

/** `endpoint<Output>()(inputSchema)` — output given as a type, input as a schema. */
export function endpoint<O>() {
  return <I extends z.ZodType>(input: I): Endpoint<I, O> => ({ input });
}

export const ERROR_CODES = ['UNKNOWN_HANDLER', 'INVALID_INPUT', 'NOT_FOUND', 'REJECTED', 'CONFLICT', 'CANCELLED', 'INTERNAL'] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Field-level problems, for INVALID_INPUT and REJECTED. */
  issues?: { path: string; message: string }[];
  /** Handler-specific detail (e.g. an import's located errors). */
  detail?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers for expected failures; becomes an ApiErrorBody, never a crash. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}), ...(this.detail !== undefined ? { detail: this.detail } : {}) };
  }
}

/** Long-running handlers report progress through this event, keyed by the caller's job ID. */
export interface ProgressEvent {
  jobId: string;
  phase: string;
  done: number;
  total: number | null;
  message?: string;
}
