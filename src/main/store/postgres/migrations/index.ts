import type { ClientBase } from 'pg';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-audit-deleted-by-student';
import * as m0003 from './0003-import-batches';
import * as m0004 from './0004-comlex-limits-ck-reminder';
import * as m0005 from './0005-office';
import * as m0006 from './0006-acknowledgements-follow-ups';
import * as m0007 from './0007-enrolment-status-archive';
import * as m0008 from './0008-outcomes-memory';
import * as m0009 from './0009-batch-rows-unaudited-cheaply';
import * as m0010 from './0010-outcome-block-seasons';
import * as m0011 from './0011-batch-rows-own-import';

export interface PostgresMigration {
  version: number;
  name: string;
  up(db: ClientBase): Promise<void>;
}

/** Every schema version, in order, numbered as SQLite's (src/main/db/migrations). Append only. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 1, name: 'initial', up: m0001.up },
  { version: 2, name: 'audit-deleted-by-student', up: m0002.up },
  { version: 3, name: 'import-batches', up: m0003.up },
  { version: 4, name: 'comlex-limits-ck-reminder', up: m0004.up },
  { version: 5, name: 'office-mode', up: m0005.up },
  { version: 6, name: 'acknowledgements-follow-ups', up: m0006.up },
  { version: 7, name: 'enrolment-status-archive', up: m0007.up },
  { version: 8, name: 'outcomes-memory', up: m0008.up },
  { version: 9, name: 'batch-rows-unaudited-cheaply', up: m0009.up },
  { version: 10, name: 'outcome-block-seasons', up: m0010.up },
  { version: 11, name: 'batch-rows-own-import', up: m0011.up },
];
