/**
 * The program directory on an office database: listed as on a laptop (by name, ASCII letters
 * folded, then id), a program's directory fields set by hand in one transaction that locks the
 * programs against other writers (so a code cannot be taken between the check and the write),
 * decided by directory-edits.ts as on a laptop, audited field by field by the database's triggers
 * under the person's login. Grants decide who may (migrations 0005/0008): the coordinator, the dean
 * and the advisors read the directory; only the coordinator changes it; the committee neither.
 */
import type pg from 'pg';
import type { DirectoryProgram } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import { planDirectoryEdit, storedCode } from '../../directory-edits';
import { byProgramName } from '../../program-edits';
import type { ProgramDirectoryStore } from '../directory-store';
import type { Queryable } from './queryable';
import { importMatchListIntoOffice, importProgramsIntoOffice } from './table-import';

type Write = <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>;

const DIRECTORY = `id, name, specialty_id AS "specialtyId", city, state, kind, step_ck_minimum AS "stepCkMinimum", note, code, positions, visa, comlex_accepted AS "comlexAccepted"`;

async function directoryRows(db: Queryable, where = '', params: unknown[] = []): Promise<DirectoryProgram[]> {
  return (await db.query<DirectoryProgram>(`SELECT ${DIRECTORY} FROM programs ${where}`, params)).rows;
}

export function directoryStore(pool: pg.Pool, write: Write): ProgramDirectoryStore {
  return {
    async list(specialtyId) {
      const rows = specialtyId === undefined ? await directoryRows(pool) : await directoryRows(pool, 'WHERE specialty_id = $1', [specialtyId]);
      return rows.sort(byProgramName);
    },
    setFields: (id, fields, who) =>
      write(who, async (client) => {
        await client.query('LOCK TABLE programs IN SHARE ROW EXCLUSIVE MODE');
        const [before] = await directoryRows(client, 'WHERE id = $1', [id]);
        const code = storedCode(fields.code);
        const [holder] = code === null ? [] : await directoryRows(client, 'WHERE code = $1', [code]);
        const after = planDirectoryEdit(id, before ?? null, fields, holder);
        // As on a laptop, a save that changes nothing writes nothing (no version moved, no audit row).
        if (after.code !== before!.code || after.positions !== before!.positions || after.visa !== before!.visa || after.comlexAccepted !== before!.comlexAccepted)
          await client.query(`UPDATE programs SET code = $1, positions = $2, visa = $3, comlex_accepted = $4 WHERE id = $5`, [after.code, after.positions, after.visa, after.comlexAccepted, id]);
        return after;
      }),
    importPrograms: (input, options, actor) => importProgramsIntoOffice(pool, input, options, actor),
    importMatchList: (input, options, actor) => importMatchListIntoOffice(pool, input, options, actor),
  };
}
