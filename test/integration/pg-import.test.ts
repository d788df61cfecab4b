/**
 * The roster import on an office database gives what it gives on the laptop it came from: the same
 * preview, counts, located errors and warnings, and afterwards the same roster, exam records and
 * flags; a preview or a file with errors changes nothing; the database audits the import as one
 * batch (changed fields one by one) under the importing login; only a coordinator may import; and a
 * client killed with SIGKILL while it writes leaves the office database exactly as it was.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { openPostgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import type { Store } from '../../src/main/store/store';
import { demoDatabase } from './backup-fixtures';
import { AS_OF, csv, fixture } from './import-support';
import { spawnToCheckpoint, tempDir } from '../helpers';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/stepwise.js');

/** A result without what differs by engine: record ids. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'id' || key === 'version' ? undefined : v));
}

describePostgres('the roster import on an office database', (cluster) => {
  let o: Office;
  let laptop: Db;
  let store: Store & { sessionUser: string };
  let lite: HandlerContext;
  let office: HandlerContext;
  let existing: string[];
  let coordinator: string;
  let advisorLogin: string;

  const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => o.query<T>(sql, params);
  const officeCounts = async () => (await query<{ s: number; a: number; p: number; b: number }>(
    `SELECT (SELECT count(*) FROM students)::int AS s, (SELECT count(*) FROM exam_attempts)::int AS a, (SELECT count(*) FROM practice_exams)::int AS p, (SELECT count(*) FROM import_batches)::int AS b`,
  ))[0];

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(120));
    o = await officeDatabase(cluster, laptop, AS_OF);
    coordinator = await o.addUser('coordinator', 'Casey Coordinator', 'coordinator pass 1');
    advisorLogin = await o.addUser('advisor', 'Some Advisor', 'advisor password 1');
    store = await openPostgresStore(o.urlOf(coordinator), { password: 'coordinator pass 1' });
    lite = { db: laptop, databasePath: ':memory:', actor: 'casey' };
    office = { db: officeOnlyDb(), store, databasePath: 'office', actor: store.sessionUser };
    existing = laptop.prepare('SELECT id FROM students ORDER BY id LIMIT 3').pluck().all() as string[];
  });
  afterAll(async () => {
    await store?.close();
    await o?.close();
  });

  const roster = () => `Student ID,First name,Last name,Class of,Degree,Target specialty,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date
${existing[0]},${laptop.prepare('SELECT first_name FROM students WHERE id = ?').pluck().get(existing[0])},${laptop.prepare('SELECT last_name FROM students WHERE id = ?').pluck().get(existing[0])},${laptop.prepare('SELECT grad_year FROM students WHERE id = ?').pluck().get(existing[0])},,Radiation Oncology,,,,
N1,Ana,Lima,2027,MD,Dermatology,Pass,2025-05-02,251,2026-06-30
N2,Ben,"O'Neil, Jr",2027,DO,Pediatrics,Fail,2025-04-11,,
N3,Cy,Ng,2028,IMG,,,,,
`;

  it('previews and commits a file as the laptop does, and ends with the same roster and records', async () => {
    const file = csv(roster());
    const input = { file, fileName: 'roster.csv', asOf: AS_OF };
    const before = await officeCounts();
    const previewLite = await invoke(lite, 'import.preview', input);
    const previewOffice = await invoke(office, 'import.preview', input);
    expect(previewLite.ok).toBe(true);
    expect(withoutIds(previewOffice)).toEqual(withoutIds(previewLite));
    expect(await officeCounts()).toEqual(before);

    const committedLite = await invoke(lite, 'import.commit', input);
    const committedOffice = await invoke(office, 'import.commit', input);
    expect(committedOffice).toEqual(committedLite);
    expect(committedOffice).toMatchObject({ ok: true, value: { committed: true, students: { added: 3, updated: 1 } } });
    // A second workbook, of several sheets, written by openpyxl.
    const wb = { file: fixture('openpyxl-roster.xlsx'), fileName: 'openpyxl-roster.xlsx', asOf: AS_OF };
    expect(await invoke(office, 'import.commit', wb)).toEqual(await invoke(lite, 'import.commit', wb));

    const all = { asOf: AS_OF, sort: 'id' as const, limit: 1000 };
    expect(await invoke(office, 'students.list', all)).toEqual(await invoke(lite, 'students.list', all));
    const changedIds = [existing[0], 'N1', 'N2', 'N3', ...(laptop.prepare(`SELECT id FROM students WHERE import_batch IS NOT NULL ORDER BY id LIMIT 5`).pluck().all() as string[])];
    for (const id of changedIds) expect(withoutIds(await invoke(office, 'students.get', { id })), id).toEqual(withoutIds(await invoke(lite, 'students.get', { id })));
    // Importing the same file again changes nothing (idempotent), on both.
    expect(await invoke(office, 'import.commit', input)).toEqual(await invoke(lite, 'import.commit', input));
    expect((await officeCounts()).s).toBe(laptop.prepare('SELECT count(*) FROM students').pluck().get());
    expect((await officeCounts()).a).toBe(laptop.prepare('SELECT count(*) FROM exam_attempts').pluck().get());
  });

  it('records an Enrolment status column as the laptop does: a change the office did not have, nothing the second time', async () => {
    const file = csv(`Student ID,First name,Last name,Class of,Enrolment status,Status date,LOA end date
${existing[1]},${laptop.prepare('SELECT first_name FROM students WHERE id = ?').pluck().get(existing[1])},${laptop.prepare('SELECT last_name FROM students WHERE id = ?').pluck().get(existing[1])},${laptop.prepare('SELECT grad_year FROM students WHERE id = ?').pluck().get(existing[1])},LOA,2026-01-10,2026-06-30
E1,Eve,Ekwueme,2028,Withdrawn,2026-05-01,
`);
    const input = { file, fileName: 'sis-status.csv', asOf: AS_OF };
    const officeResult = await invoke(office, 'import.commit', input);
    expect(officeResult).toEqual(await invoke(lite, 'import.commit', input));
    expect(officeResult).toMatchObject({ ok: true, value: { committed: true, students: { added: 1, updated: 1 } } });
    const rows = `SELECT student_id, status, effective_from::text AS "from", ends_on::text AS "until" FROM enrolment_changes ORDER BY student_id`;
    expect(await query(rows)).toEqual([
      { student_id: 'E1', status: 'withdrawn', from: '2026-05-01', until: null },
      { student_id: existing[1], status: 'leave', from: '2026-01-10', until: '2026-06-30' },
    ].sort((a, b) => (a.student_id < b.student_id ? -1 : 1)));
    // Signed by the database with the importer's office name.
    expect(new Set((await query<{ by: string }>(`SELECT changed_by AS by FROM enrolment_changes`)).map((r) => r.by))).toEqual(new Set(['Casey Coordinator']));
    for (const id of [existing[1], 'E1']) {
      const shown = async (ctx: HandlerContext) => {
        const r = await invoke(ctx, 'students.get', { id });
        return r.ok ? r.value.enrolment.changes.map((c) => [c.status, c.effectiveFrom, c.endsOn]) : r;
      };
      expect(await shown(office), id).toEqual(await shown(lite));
    }
    const again = await invoke(office, 'import.commit', input);
    expect(again).toMatchObject({ ok: true, value: { students: { added: 0, updated: 0 } } });
    expect(await query(rows)).toHaveLength(2);
  });

  it('is audited by the database as one batch under the importing login, each changed field on its own', async () => {
    const rows = await query<{ actor: string; action: string; entity: string; field: string | null; context: string }>(
      `SELECT actor, action, entity, field, context FROM audit_log WHERE context = 'import roster.csv' ORDER BY id`,
    );
    const login = coordinator;
    expect(rows.filter((r) => r.entity === 'import_batch')).toEqual([{ actor: login, action: 'insert', entity: 'import_batch', field: null, context: 'import roster.csv' }]);
    expect(rows.filter((r) => r.entity === 'student')).toEqual([{ actor: login, action: 'update', entity: 'student', field: 'targetSpecialty', context: 'import roster.csv' }]);
    // The records the batch added are accounted for by it, not one by one.
    expect(rows.filter((r) => r.action === 'insert' && r.entity !== 'import_batch')).toEqual([]);
    const batch = (await query<{ actor: string; counts: unknown }>(`SELECT actor, counts FROM import_batches WHERE file_name = 'roster.csv'`))[0];
    expect(batch).toEqual({ actor: login, counts: { students: { added: 3, updated: 1 }, exams: expect.any(Object), practice: { added: 0, updated: 0 } } });
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM students WHERE import_batch IS NOT NULL AND id IN ('N1', 'N2', 'N3')`))[0].n).toBe(3);
    // Migration 0009: a row added by hand (no batch) is still audited on its own; a batch's rows are not.
    const c = new pg.Client({ ...connectionConfig(o.urlOf(login)), password: 'coordinator pass 1' });
    await c.connect();
    try {
      await c.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at) VALUES ('N3', 'STEP1', 'SCHEDULED', '2027-03-01', now())`);
      await c.query('BEGIN');
      const own = (await c.query<{ id: number }>(`INSERT INTO import_batches (at, actor, file_name, file_bytes, file_sha256, counts) VALUES (now(), '', 'by hand.csv', 1, 'ab', '{}') RETURNING id`)).rows[0].id;
      await c.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at, import_batch) VALUES ('N3', 'STEP2CK', 'SCHEDULED', '2027-04-01', now(), $1)`, [own]);
      await c.query('COMMIT');
      // Migration 0011: not under the import's batch, though (written in another transaction): that would skip the audit.
      const batchId = (await c.query<{ id: number }>(`SELECT id FROM import_batches WHERE file_name = 'roster.csv'`)).rows[0].id;
      await expect(c.query(`INSERT INTO exam_attempts (student_id, exam, outcome, test_date, created_at, import_batch) VALUES ('N3', 'STEP3', 'SCHEDULED', '2027-05-01', now(), $1)`, [batchId])).rejects.toThrow(
        /did not write in this transaction/,
      );
      const audited = (await c.query<{ new_value: string }>(`SELECT new_value FROM audit_log WHERE entity = 'exam_attempt' AND action = 'insert' AND student_id = 'N3'`)).rows;
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0].new_value)).toMatchObject({ exam: 'STEP1', testDate: '2027-03-01', outcome: 'SCHEDULED' });
    } finally {
      await c.end();
    }
  });

  it("shows a student's history in the audit viewer: their changed fields and the import batch that added their records", async () => {
    const updated = await invoke(office, 'audit.list', { studentId: existing[0] });
    expect(updated.ok && updated.value.entries.map((e) => [e.entity, e.action, e.field])).toEqual(expect.arrayContaining([['student', 'update', 'targetSpecialty']]));
    const added = await invoke(office, 'audit.list', { studentId: 'N1' });
    expect(added.ok && added.value.entries.map((e) => [e.entity, e.action, e.context])).toEqual([['import_batch', 'insert', 'import roster.csv']]);
    // Filters: by entity and text (ASCII letters case-insensitive), by actor, by date; facets list what is there.
    const byText = await invoke(office, 'audit.list', { entity: 'student', text: 'RADIATION onc' });
    expect(byText.ok && byText.value.entries.length).toBeGreaterThan(0);
    expect(byText.ok && byText.value.entries.every((e) => JSON.stringify(e).toLowerCase().includes('radiation onc'))).toBe(true);
    expect(byText.ok && byText.value.entries.some((e) => e.entityId === existing[0] && e.field === 'targetSpecialty')).toBe(true);
    const byActor = await invoke(office, 'audit.list', { actor: store.sessionUser, limit: 500 });
    expect(byActor.ok && byActor.value.entries.every((e) => e.actor === store.sessionUser) && byActor.value.total).toBeGreaterThan(1);
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const todays = await invoke(office, 'audit.list', { from: iso, to: iso, actor: store.sessionUser });
    expect(todays.ok && todays.value.total).toBe(byActor.ok && byActor.value.total);
    expect(await invoke(office, 'audit.list', { to: '2000-01-01' })).toMatchObject({ ok: true, value: { total: 0 } });
    const facets = await invoke(office, 'audit.facets', {});
    expect(facets.ok && facets.value.entities).toEqual(expect.arrayContaining(['import_batch', 'student']));
    expect(facets.ok && facets.value.actors).toContain(store.sessionUser);
  });

  it('writes nothing for a file with errors, listing them as the laptop does; refuses an advisor', async () => {
    const before = await officeCounts();
    const bad = { file: csv(`Student ID,First name,Last name,Class of\nE1,Eve,Ito,soon\nE2,Al,Bo,2027\n`), fileName: 'bad.csv', asOf: AS_OF };
    const r = await invoke(office, 'import.commit', bad);
    expect(r).toEqual(await invoke(lite, 'import.commit', bad));
    expect(r).toMatchObject({ ok: true, value: { committed: false, errors: [{ sheet: 'bad.csv', row: 2, column: 'Class of' }] } });
    expect(await officeCounts()).toEqual(before);

    const refused = await invoke(o.sessionOf(advisorLogin, 'advisor password 1'), 'import.commit', { file: csv(roster()), fileName: 'roster.csv', asOf: AS_OF });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/Your office role does not allow this: imports are the coordinator’s/) } });
    expect(await officeCounts()).toEqual(before);
  });

  it('leaves the office database exactly as it was when the importing client is killed (SIGKILL) while writing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'late-roster.csv');
    const lines = ['Student ID,First name,Last name,Class of,Step 1 Result,Step 1 Date'];
    for (let i = 0; i < 3000; i++) lines.push(`K${String(i).padStart(5, '0')},Kim,Lee${i},2028,Pass,2025-06-0${1 + (i % 9)}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await officeCounts();
    const auditBefore = (await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0].n;
    const env = { ...process.env, PGPASSWORD: 'coordinator pass 1' };
    const url = o.urlOf(coordinator);
    // The client holds once the new students are copied into the office database, its commit still ahead.
    const held = await spawnToCheckpoint(process.execPath, [BIN, 'import', file, '--db', url], 'office-import-applying', { cwd: ROOT, env });
    // While it holds, the rows it wrote are its own: no one else sees them.
    expect(await officeCounts()).toEqual(before);
    held.child.kill('SIGKILL');
    const { signal } = await held.closed;
    expect(signal).toBe('SIGKILL');
    expect(await officeCounts()).toEqual(before);
    expect((await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0].n).toBe(auditBefore);
    // Run to the end, the same import does write (the server has rolled the killed one back, its lock released).
    const finished = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'import', file, '--db', url], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.stderr.on('data', (b: Buffer) => (out += b.toString()));
      c.on('close', (code) => resolve({ code, out }));
    });
    expect(finished.code, finished.out).toBe(0);
    expect((await officeCounts()).s).toBe(before.s + 3000);
  }, 120_000);
});
