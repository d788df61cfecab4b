/**
 * What a `stepwise` subcommand is, free of the database and the handlers: the command list and the
 * argument parser need only this, so `stepwise --help` loads nothing else.
 */
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export type RunCommand = (values: ParsedValues, positionals: string[], io: CliIo) => Promise<number>;

/** One `stepwise` subcommand. Exit status: 0 success, 1 input rejected (nothing written), 2 usage error. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments the command takes. */
  positionals?: { min: number; max: number };
  run: RunCommand;
}

/** A usage error: printed with the command's usage line, exit 2. */
export class UsageError extends Error {}

export const DB_OPTION = { db: { type: 'string' } } as const;
