/**
 * The import's optional enrolment status columns (issue 14), on real files through the real import:
 * registrars' spellings read, an unknown word a located error (never guessed, nothing written), a
 * status unlike the stored one recorded as a dated change (audited, stamped with the import's
 * batch, shown in the preview), and a re-import changing nothing.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';
import { AS_OF, commit, csv, preview } from './import-support';

let db: Db;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, ctx } = await tempDatabase());
});
afterEach(() => db.close());

const changes = () =>
  db.prepare(`SELECT student_id AS id, status, effective_from AS "from", ends_on AS "until", import_batch IS NOT NULL AS batched FROM enrolment_changes ORDER BY student_id, id`).all();
const HEAD = 'Student ID,First name,Last name,Class of';

describe('the import reads an Enrolment status column', () => {
  it.each([
    ['LOA', 'leave'],
    ['Leave', 'leave'],
    ['Leave of absence', 'leave'],
    ['Decel', 'extended'],
    ['Decelerated', 'extended'],
    ['Extended', 'extended'],
    ['Withdrawn', 'withdrawn'],
    ['Graduated', 'graduated'],
  ])('"%s" is recorded as %s, from the day of the import', async (cell, status) => {
    const r = await commit(ctx, csv(`${HEAD},Enrolment status\nS1,Ada,Lovelace,2027,${cell}\n`), 'roster.csv');
    expect(r).toMatchObject({ committed: true, errorCount: 0, students: { added: 1, updated: 0 } });
    expect(changes()).toEqual([{ id: 'S1', status, from: AS_OF, until: null, batched: 1 }]);
  });

  it('records nothing for an active new student or a blank cell; a re-import of the same file changes nothing', async () => {
    const file = csv(`${HEAD},Enrollment Status,Status date,LOA end date\nS1,Ada,Lovelace,2027,Active,,\nS2,Bo,Baxter,2027,,,\nS3,Cy,Carter,2027,LOA,2026-01-10,2026-06-30\n`);
    await commit(ctx, file, 'sis.csv');
    expect(changes()).toEqual([{ id: 'S3', status: 'leave', from: '2026-01-10', until: '2026-06-30', batched: 1 }]);
    const again = await commit(ctx, file, 'sis.csv');
    expect(again).toMatchObject({ students: { added: 0, updated: 0 } });
    expect(changes()).toHaveLength(1);
    // Audited one by one, with the import named.
    expect(db.prepare(`SELECT actor, context FROM audit_log WHERE entity = 'enrolment_change'`).all()).toEqual([{ actor: ctx.actor, context: 'import sis.csv' }]);
  });

  it('a changed status is a change of the student, in the preview and the counts, and on the student page', async () => {
    await commit(ctx, csv(`${HEAD}\nS1,Ada,Lovelace,2027\n`), 'first.csv');
    const p = await preview(ctx, csv(`${HEAD},Student status,Status date\nS1,Ada,Lovelace,2027,Withdrawn,2026-06-15\n`), 'second.csv');
    expect(p).toMatchObject({ students: { added: 0, updated: 1 }, committed: false });
    expect(p.changes.updatedStudents).toEqual([
      expect.objectContaining({ id: 'S1', row: 2, fields: [{ field: 'enrolmentStatus', label: 'Enrolment status', from: 'Active', to: 'Withdrawn from 2026-06-15' }] }),
    ]);
    expect(changes()).toEqual([]); // a preview writes nothing
    await commit(ctx, csv(`${HEAD},Student status,Status date\nS1,Ada,Lovelace,2027,Withdrawn,2026-06-15\n`), 'second.csv');
    const detail = await invoke(ctx, 'students.get', { id: 'S1' });
    expect(detail.ok && detail.value.enrolment.changes.map((c) => [c.status, c.effectiveFrom])).toEqual([['withdrawn', '2026-06-15']]);
  });

  it('an unknown word, a date without a status, or an end before the start is an error at its cell; nothing is written', async () => {
    const file = csv(
      `${HEAD},Enrolment status,Status date,Status end date\nS1,Ada,Lovelace,2027,Dismissed,,\nS2,Bo,Baxter,2027,,2026-01-10,\nS3,Cy,Carter,2027,LOA,2026-03-01,2026-02-01\nS4,Di,Diaz,2027,Withdrawn,2026-03-01,2026-04-01\n`,
    );
    const r = await commit(ctx, file, 'bad.csv');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { sheet: 'bad.csv', row: 2, column: 'Enrolment status', message: '"Dismissed" is not an enrolment status: write Active, Leave of absence (LOA), Extended (Decel), Withdrawn or Graduated' },
      { sheet: 'bad.csv', row: 3, column: 'Status date', message: 'a date for an enrolment status, but no status: fill in the Enrolment status cell, or clear the date' },
      { sheet: 'bad.csv', row: 4, column: 'Status end date', message: 'ends on 2026-02-01, before it starts (2026-03-01)' },
      { sheet: 'bad.csv', row: 5, column: 'Status end date', message: 'Withdrawn has no end date; only a leave of absence or an extension ends' },
    ]);
    expect(db.prepare(`SELECT count(*) FROM students`).pluck().get()).toBe(0);
    expect(changes()).toEqual([]);
  });

  it('the template workbook has the columns, the statuses as a drop-down list, and its own headers import', async () => {
    const r = await invoke(ctx, 'import.template', {});
    if (!r.ok) throw new Error(r.error.message);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.value.slice().buffer as ArrayBuffer);
    const ws = wb.getWorksheet('Students')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers.slice(-3)).toEqual(['Enrolment status', 'Enrolment status date', 'Enrolment status end']);
    const column = headers.indexOf('Enrolment status') + 1;
    expect(ws.getCell(2, column).dataValidation).toMatchObject({ type: 'list', formulae: ['"Active,Leave of absence,Extended (decelerated),Withdrawn,Graduated"'] });
    ws.getRow(2).values = ['S9', 'Eve', 'Ekwueme', null, 2028];
    ws.getCell(2, headers.indexOf('Graduation year*') + 1).value = 2028;
    ws.getCell(2, column).value = 'Leave of absence';
    ws.getCell(2, column + 1).value = new Date(Date.UTC(2026, 1, 1));
    ws.getCell(2, column + 2).value = new Date(Date.UTC(2026, 7, 31));
    const file = new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
    const done = await commit(ctx, file, 'template.xlsx');
    expect(done.errors).toEqual([]);
    expect(changes()).toEqual([{ id: 'S9', status: 'leave', from: '2026-02-01', until: '2026-08-31', batched: 1 }]);
  });
});
