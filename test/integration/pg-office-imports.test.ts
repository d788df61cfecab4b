/**
 * The program directory and match-list imports, and the directory's list and edit, on an office
 * database (issues 12 and 15) give what they give on the laptop the office was copied from: the same
 * counts, located errors and warnings from the same real xlsx files (written by openpyxl), and
 * afterwards the same programs, outcomes, applications and consents; a re-import changes nothing; a
 * dry run, a file with errors or a cancel writes nothing; the database audits the import as one
 * batch under the importing login (whatever actor the client claims); only the coordinator imports
 * or edits, the committee does not read the directory; the CLI takes `--db postgres://…` with the
 * laptop's exit codes; and a client killed with SIGKILL while it applies leaves the database as it was.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import { runCli } from '../../src/main/cli';
import type { InputOf, ProgressEvent } from '../../src/shared/api';
import { demoDatabase } from './backup-fixtures';
import { openpyxlWorkbook } from './import-support';
import { spawnToCheckpoint, tempDir } from '../helpers';
import { describePostgres } from '../pg/databases';
import { officeDatabase, type Office } from '../pg/office';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/stepwise.js');
const AS_OF = '2026-11-26';
const PASSWORDS = { coordinator: 'coordinator pass 1', dean: 'dean password 1', advisor: 'advisor password 1', committee: 'committee password 1' } as const;

/** A FREIDA-style export: a title row, its own header spellings; one program the demo directory has (updated), two new. */
const DIRECTORY = `
ws = wb.active
ws.title = 'FREIDA export'
ws.append(['Programs saved 2026-03-01'])
ws.append(['Program Name', 'ACGME ID', 'Specialty', 'City', 'ST', 'Program Setting', 'Positions Offered', 'Visas Sponsored', 'Accepts COMLEX', 'Min Step 2 CK', 'Comments'])
ws.append(['Atlanta University Internal Medicine', '1001140C0', 'IM', 'Atlanta', 'GA', 'University-based', 30, 'J-1 and H-1B', None, 235, None])
ws.append(['Lakeside University Dermatology', '0801234001', 'Derm', 'Chicago', 'IL', 'University-based', 4, 'J-1', 'Yes', 245, None])
ws.append(['Prairie Community Dermatology', '0801234002', 'Dermatology', 'Peoria', 'IL', 'Community-based', 2, 'None', 'No', None, 'small program'])
`;

/** A later NRMP list: one program grew; a blank cell keeps what is stored. */
const LATER = `
ws = wb.active
ws.append(['Program code', 'Positions', 'Visa sponsorship', 'Accepts COMLEX'])
ws.append(['0801234001', 5, None, 'yes'])
`;

const BAD_DIRECTORY = `
ws = wb.active
ws.title = 'Directory'
ws.append(['Program name', 'Program code', 'Specialty', 'Positions', 'Visa'])
ws.append(['Good Program', 'A100', 'Pediatrics', 8, 'H-1B'])
ws.append(['Bad Visa', 'A101', 'Pediatrics', 8, 'Yes'])
ws.append(['Twice', 'A100', 'Pediatrics', None, None])
`;

/**
 * A match list: a demo graduate's stored season changed (and their consent withdrawn), a roster
 * student whose Step 2 CK the roster has (S00035: 236 in April 2026, before the 2027 Match), new
 * graduates, and applications of a stored outcome and of new ones.
 */
const MATCH_LIST = `
ws = wb.active
ws.title = 'Match 2027'
ws.append(['Student ID', 'Match Year', 'Specialty Applied', 'Programs Applied', 'Gold Signals', 'Silver Signals', 'Interviews Offered', 'Programs Ranked', 'Match Result', 'NRMP Code', 'Matched Program', 'Step 2 CK', 'Consent'])
ws.append(['G2023-001', 2023, 'Peds', 39, None, None, 13, 12, 'Matched', None, None, None, 'No'])
ws.append(['S00035', 2027, 'Internal Medicine', 40, None, 10, 12, 12, 'Matched', '1001140C0', 'Atlanta University Internal Medicine', 250, 'Yes'])
ws.append(['G2027-900', 2027, 'Derm', 60, 3, 25, 9, 9, 'Matched', '0801234001', 'Lakeside University Dermatology', 262, 'Yes'])
ws.append(['G2027-901', 2027, 'Dermatology', 75, 3, 25, 4, 4, 'Did not match', None, None, 248, 'No'])
ws.append(['G2027-902', 2027, 'Orthopedic Surgery', 40, None, 10, 8, 8, 'SOAP', 'ZZ9999', None, 236, 'yes'])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Specialty', 'Program Code', 'Signal', 'Interview Offered'])
apps.append(['G2027-900', 2027, 'Dermatology', '0801234001', 'Gold', 'Yes'])
apps.append(['G2027-900', 2027, 'Dermatology', '0801234002', None, 'No'])
apps.append(['G2027-901', 2027, 'Dermatology', '0801234001', 'Silver', 'No'])
apps.append(['G2023-002', 2023, 'Dermatology', '0801234002', 'Silver', 'Yes'])
apps.append(['S00035', 2027, None, '1001140C0', 'Silver', 'Yes'])
`;

const BAD_MATCH_LIST = `
ws = wb.active
ws.title = 'Outcomes'
ws.append(['Student ID', 'Season', 'Specialty', 'Applications', 'Interviews', 'Result', 'Matched program'])
ws.append(['G010', 2024, 'Pediatrics', 30, 12, 'Matched', 'Children'])
ws.append(['G011', 2024, 'Pediatrics', 30, 40, 'Matched', None])
ws.append(['G012', 2024, 'Pediatrics', 30, 10, 'Maybe', None])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Program code', 'Signal'])
apps.append(['G099', 2024, 'P100', 'Platinum'])
`;

/** What the imports write, engine-neutral: ids and each engine's own bookkeeping left out, booleans as 0/1, rows sorted. */
const TABLES = {
  programs: `SELECT name, specialty_id, city, state, kind, step_ck_minimum, note, code, positions, visa, comlex_accepted FROM programs`,
  outcomes: `SELECT student_id, season, specialty, applications, gold_signals, silver_signals, interviews, rank_list_length, result, matched_program_code, matched_program_name,
                    ck_at_application, comlex_at_application, note, source FROM match_outcomes`,
  applications: `SELECT o.student_id, o.season, o.specialty, a.program_code, a.signal, a.interview_offered FROM outcome_applications a JOIN match_outcomes o ON o.id = a.outcome_id`,
  consents: `SELECT student_id, consent, recorded_on, note, source FROM outcome_consents`,
};
const neutral = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)))).sort();

describePostgres('the program directory and match-list imports on an office database', (cluster) => {
  let o: Office;
  let laptop: Db;
  let lite: HandlerContext;
  let office: HandlerContext;
  const logins = {} as Record<keyof typeof PASSWORDS, string>;

  const laptopTables = () => Object.fromEntries(Object.entries(TABLES).map(([k, sql]) => [k, neutral(laptop.prepare(sql).all() as Record<string, unknown>[])]));
  const officeTables = async () => Object.fromEntries(await Promise.all(Object.entries(TABLES).map(async ([k, sql]) => [k, neutral(await o.query(sql))])));
  const officeCounts = async () =>
    (
      await o.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM programs)::int AS programs, (SELECT count(*) FROM match_outcomes)::int AS outcomes, (SELECT count(*) FROM outcome_applications)::int AS applications,
                (SELECT count(*) FROM outcome_consents)::int AS consents, (SELECT count(*) FROM import_batches)::int AS batches, (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT sum(version) FROM programs)::int AS programVersions, (SELECT sum(version) FROM match_outcomes)::int AS outcomeVersions`,
      )
    )[0];
  const input = (script: string, fileName: string, extra: Partial<InputOf<'programs.import'>> = {}): InputOf<'programs.import'> => ({ file: openpyxlWorkbook(script), fileName, asOf: AS_OF, ...extra });

  beforeAll(async () => {
    ({ db: laptop } = await demoDatabase(60));
    o = await officeDatabase(cluster, laptop, AS_OF);
    logins.coordinator = await o.addUser('coordinator', 'Casey Coordinator', PASSWORDS.coordinator);
    logins.dean = await o.addUser('dean', 'Dr. Dana Dean', PASSWORDS.dean);
    logins.advisor = await o.addUser('advisor', 'Dr. Adams', PASSWORDS.advisor);
    logins.committee = await o.addUser('committee', 'Committee Panel', PASSWORDS.committee);
    lite = { db: laptop, databasePath: ':memory:', actor: 'casey' };
    office = o.sessionOf(logins.coordinator, PASSWORDS.coordinator);
  });
  afterAll(async () => {
    await o?.close();
  });

  it('imports a program directory as the laptop does: the same result, the same directory after, nothing the second time', async () => {
    expect(await officeTables()).toEqual(laptopTables());
    const freida = input(DIRECTORY, 'freida.xlsx');
    // A dry run: the counts a commit would make, nothing written.
    const before = await officeCounts();
    const dry = await invoke(office, 'programs.import', { ...freida, dryRun: true });
    expect(dry).toEqual(await invoke(lite, 'programs.import', { ...freida, dryRun: true }));
    expect(dry).toMatchObject({ ok: true, value: { committed: false, errorCount: 0, counts: { programs: { added: 2, updated: 1 } } } });
    expect(await officeCounts()).toEqual(before);

    const first = await invoke(office, 'programs.import', freida);
    expect(first).toEqual(await invoke(lite, 'programs.import', freida));
    expect(first).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 2, updated: 1 } }, sheets: [{ name: 'FREIDA export', headerRow: 2, dataRows: 3 }] } });
    // The same file again: nothing changes, no batch, no audit row, no version moved.
    const settled = await officeCounts();
    const again = await invoke(office, 'programs.import', freida);
    expect(again).toEqual(await invoke(lite, 'programs.import', freida));
    expect(again).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 0, updated: 0 } } } });
    expect(await officeCounts()).toEqual(settled);
    const later = input(LATER, 'nrmp.xlsx');
    const second = await invoke(office, 'programs.import', later);
    expect(second).toEqual(await invoke(lite, 'programs.import', later));
    expect(second).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 0, updated: 1 } } } });
    expect(await officeTables()).toEqual(laptopTables());
    // The directory as the Specialties page lists it, in the same order with the same fields.
    const noIds = (r: unknown) => JSON.parse(JSON.stringify(r), (k, v: unknown) => (k === 'id' ? undefined : v));
    expect(noIds(await invoke(office, 'programs.directory', {}))).toEqual(noIds(await invoke(lite, 'programs.directory', {})));
    const derm = (await o.query<{ id: number }>(`SELECT id FROM specialties WHERE name = 'Dermatology'`))[0].id;
    expect(noIds(await invoke(office, 'programs.directory', { specialtyId: derm }))).toEqual(noIds(await invoke(lite, 'programs.directory', { specialtyId: derm })));

    const laterSettled = await officeCounts();
    const laterAgain = await invoke(office, 'programs.import', later);
    expect(laterAgain).toEqual(await invoke(lite, 'programs.import', later));
    expect(laterAgain).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 0, updated: 0 } } } });
    expect(await officeCounts()).toEqual(laterSettled);
  });

  it('is audited by the database: one batch under the importing login, changed fields one by one, added programs by their batch', async () => {
    const rows = await o.query<{ actor: string; action: string; entity: string; field: string | null; o: string | null; n: string | null; context: string }>(
      `SELECT actor, action, entity, field, old_value AS o, new_value AS n, context FROM audit_log WHERE context IN ('import freida.xlsx', 'import nrmp.xlsx') ORDER BY id`,
    );
    const by = logins.coordinator;
    expect(rows.filter((r) => r.entity === 'import_batch').map((r) => [r.actor, r.context])).toEqual([
      [by, 'import freida.xlsx'],
      [by, 'import nrmp.xlsx'],
    ]);
    expect(rows.filter((r) => r.entity === 'program').map((r) => [r.actor, r.action, r.field, r.context])).toEqual(
      expect.arrayContaining([
        [by, 'update', 'positions', 'import freida.xlsx'],
        [by, 'update', 'positions', 'import nrmp.xlsx'],
      ]),
    );
    expect(rows.filter((r) => r.action === 'insert' && r.entity !== 'import_batch')).toEqual([]);
    expect(rows.find((r) => r.context === 'import nrmp.xlsx' && r.field === 'positions')).toMatchObject({ o: '4', n: '5' });
    const batches = await o.query<{ actor: string; counts: unknown; n: number }>(
      `SELECT b.actor, b.counts, (SELECT count(*) FROM programs p WHERE p.import_batch = b.id)::int AS n FROM import_batches b WHERE file_name = 'freida.xlsx'`,
    );
    expect(batches).toEqual([{ actor: by, counts: { programs: { added: 2, updated: 1 } }, n: 2 }]);
  });

  it('imports a match list as the laptop does: roster scores, warnings, new outcomes with their applications, consent; nothing the second time', async () => {
    const list = input(MATCH_LIST, 'match-2027.xlsx');
    const before = await officeCounts();
    const dry = await invoke(office, 'outcomes.import', { ...list, dryRun: true });
    expect(dry).toEqual(await invoke(lite, 'outcomes.import', { ...list, dryRun: true }));
    expect(await officeCounts()).toEqual(before);

    const r = await invoke(office, 'outcomes.import', list);
    expect(r).toEqual(await invoke(lite, 'outcomes.import', list));
    expect(r).toMatchObject({
      ok: true,
      value: { committed: true, errorCount: 0, counts: { outcomes: { added: 4, updated: 1 }, applications: { added: 5, updated: 0 }, consents: { added: 4, updated: 1 } } },
    });
    const warnings = r.ok ? r.value.warnings.map((w) => [w.sheet, w.row, w.column, w.message]) : [];
    expect(warnings).toEqual(
      expect.arrayContaining([
        ['Match 2027', 3, 'Step 2 CK', "the roster has S00035's Step 2 CK before the 2027 Match as 236, the list 250: the roster's is kept"],
        ['Match 2027', 6, 'NRMP Code', 'program code ZZ9999 is not in the program directory; kept (import the directory to link it)'],
      ]),
    );
    expect(await officeTables()).toEqual(laptopTables());
    expect((await o.query(`SELECT ck_at_application AS ck FROM match_outcomes WHERE student_id = 'S00035'`))[0]).toEqual({ ck: 236 });
    // A new outcome's applications hang on its office id.
    expect(
      await o.query(`SELECT a.program_code AS code, a.signal FROM outcome_applications a JOIN match_outcomes m ON m.id = a.outcome_id WHERE m.student_id = 'G2027-900' ORDER BY 1`),
    ).toEqual([
      { code: '0801234001', signal: 'gold' },
      { code: '0801234002', signal: null },
    ]);
    // What a student's page shows, the same on both.
    for (const studentId of ['G2023-001', 'S00035', 'G2027-900']) {
      const shown = async (ctx: HandlerContext) => JSON.parse(JSON.stringify(await invoke(ctx, 'outcomes.forStudent', { studentId })), (k, v: unknown) => (k === 'id' || k === 'outcomeId' || k === 'version' ? undefined : v));
      expect(await shown(office), studentId).toEqual(await shown(lite));
    }

    const settled = await officeCounts();
    const again = await invoke(office, 'outcomes.import', list);
    expect(again).toEqual(await invoke(lite, 'outcomes.import', list));
    expect(again).toMatchObject({ ok: true, value: { counts: { outcomes: { added: 0, updated: 0 }, applications: { added: 0, updated: 0 }, consents: { added: 0, updated: 0 } } } });
    expect(await officeCounts()).toEqual(settled);

    // Audited by the database under the login: the batch once, the changed fields, the consents one by one; added outcomes by their batch.
    const audit = await o.query<{ actor: string; action: string; entity: string; field: string | null }>(
      `SELECT actor, action, entity, field FROM audit_log WHERE context = 'import match-2027.xlsx' ORDER BY id`,
    );
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([logins.coordinator]));
    expect(audit.filter((a) => a.entity === 'import_batch')).toHaveLength(1);
    expect(audit.filter((a) => a.entity === 'match_outcome').map((a) => [a.action, a.field])).toEqual([['update', 'interviews']]);
    expect(audit.filter((a) => a.entity === 'outcome_consent' && a.action === 'insert')).toHaveLength(4);
    expect(audit.filter((a) => a.entity === 'outcome_consent' && a.action === 'update').map((a) => a.field).sort()).toEqual(['consent', 'recordedOn']);
  });

  it('writes nothing for a file with errors and lists them as the laptop does', async () => {
    const before = await officeCounts();
    for (const [name, script, file] of [
      ['programs.import', BAD_DIRECTORY, 'directory.xlsx'],
      ['outcomes.import', BAD_MATCH_LIST, 'bad.xlsx'],
    ] as const) {
      const bad = input(script, file);
      const r = await invoke(office, name, bad);
      expect(r).toEqual(await invoke(lite, name, bad));
      expect(r.ok && r.value.committed).toBe(false);
      expect(r.ok && r.value.errorCount).toBeGreaterThan(1);
    }
    expect(await officeCounts()).toEqual(before);
    expect(await officeTables()).toEqual(laptopTables());
  });

  it('a cancel writes nothing: before reading (as on the laptop), and after the rows were applied (the commit refused)', async () => {
    const before = await officeCounts();
    const early = new AbortController();
    early.abort();
    const list = input(MATCH_LIST.replaceAll('2027', '2028'), 'cancelled.xlsx');
    const cancelled = await invoke({ ...office, signal: early.signal }, 'outcomes.import', list);
    expect(cancelled).toEqual(await invoke({ ...lite, signal: early.signal }, 'outcomes.import', list));
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // Cancelled by its job ID once the rows are read: the office database applies them, then rolls back.
    const events: ProgressEvent[] = [];
    const progress = (e: ProgressEvent) => {
      events.push(e);
      if (e.phase === 'write' && e.done === 0) void invoke(office, 'outcomes.importCancel', { jobId: 'job-9' });
    };
    const late = await invoke({ ...office, progress }, 'outcomes.import', { ...list, jobId: 'job-9' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(events.map((e) => e.phase)).toEqual(['read', 'write', 'write']);
    expect(await officeCounts()).toEqual(before);
  });

  it('the directory is read by the coordinator, the dean and the advisors, not the committee; only the coordinator changes it, a code kept once', async () => {
    const dean = o.sessionOf(logins.dean, PASSWORDS.dean);
    const advisor = o.sessionOf(logins.advisor, PASSWORDS.advisor);
    const committee = o.sessionOf(logins.committee, PASSWORDS.committee);
    const listed = await invoke(office, 'programs.directory', {});
    expect(listed.ok && listed.value.length).toBe(laptop.prepare('SELECT count(*) FROM programs').pluck().get());
    expect(await invoke(dean, 'programs.directory', {})).toEqual(listed);
    expect(await invoke(advisor, 'programs.directory', {})).toEqual(listed);
    expect(await invoke(committee, 'programs.directory', {})).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringMatching(/^Your office role does not allow this/) } });

    const [lakeside] = await o.query<{ id: number }>(`SELECT id FROM programs WHERE code = '0801234001'`);
    const [prairie] = await o.query<{ id: number }>(`SELECT id FROM programs WHERE code = '0801234002'`);
    const liteId = (code: string) => laptop.prepare('SELECT id FROM programs WHERE code = ?').pluck().get(code) as number;
    // Another program's code (as typed, with a space and lower case): CONFLICT naming it, as on a laptop.
    const fields = { code: '0801 234001', positions: 3, visa: 'none' as const, comlexAccepted: true };
    const taken = await invoke(office, 'programs.setDirectoryFields', { id: prairie.id, fields });
    expect(taken).toEqual(await invoke(lite, 'programs.setDirectoryFields', { id: liteId('0801234002'), fields }));
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: "Program code 0801234001 is already Lakeside University Dermatology's" } });
    expect(await invoke(office, 'programs.setDirectoryFields', { id: 999_999, fields })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const who of [dean, advisor, committee])
      expect(await invoke(who, 'programs.setDirectoryFields', { id: lakeside.id, fields: { ...fields, code: '0801234001' } })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });

    // A client that claims another actor: the database writes the login.
    const forged = { ...office, actor: 'Mallory Forger' };
    const edit = { code: '0801 234009', positions: 3, visa: 'none' as const, comlexAccepted: true };
    const saved = await invoke(forged, 'programs.setDirectoryFields', { id: prairie.id, fields: edit });
    expect(saved).toMatchObject({ ok: true, value: { id: prairie.id, code: '0801234009', positions: 3, name: 'Prairie Community Dermatology' } });
    expect(await invoke({ ...lite, actor: 'Mallory Forger' }, 'programs.setDirectoryFields', { id: liteId('0801234002'), fields: edit })).toMatchObject({ ok: true, value: { code: '0801234009' } });
    const audit = await o.query<{ actor: string; field: string; context: string }>(`SELECT actor, field, context FROM audit_log WHERE entity = 'program' AND entity_id = $1 AND context = 'specialties page' ORDER BY field`, [String(prairie.id)]);
    expect(audit).toEqual(['code', 'comlexAccepted', 'positions'].map((field) => ({ actor: logins.coordinator, field, context: 'specialties page' })));
    // The same again changes nothing: no version moved, no audit row.
    const version = async () => (await o.query<{ v: number }>(`SELECT version AS v FROM programs WHERE id = $1`, [prairie.id]))[0].v;
    const v = await version();
    expect(await invoke(office, 'programs.setDirectoryFields', { id: prairie.id, fields: edit })).toMatchObject({ ok: true });
    expect(await version()).toBe(v);
    expect(await officeTables()).toEqual(laptopTables());
  });

  it('refuses an import by the dean, an advisor or the committee, writing nothing; a forged actor is the login in the batch', async () => {
    const before = await officeCounts();
    for (const who of ['dean', 'advisor', 'committee'] as const) {
      const session = o.sessionOf(logins[who], PASSWORDS[who]);
      for (const name of ['programs.import', 'outcomes.import'] as const)
        expect(await invoke(session, name, input(name === 'programs.import' ? DIRECTORY : MATCH_LIST, 'theirs.xlsx')), `${who} ${name}`).toMatchObject({
          ok: false,
          error: { code: 'REJECTED', message: expect.stringMatching(/^Your office role does not allow this: imports are the coordinator’s/) },
        });
    }
    expect(await officeCounts()).toEqual(before);
    const forged = input(
      `
ws = wb.active
ws.append(['Program code', 'Program name', 'Specialty'])
ws.append(['0801234077', 'Forged Dermatology', 'Dermatology'])
`,
      'forged.xlsx',
    );
    const r = await invoke({ ...office, actor: 'Mallory Forger' }, 'programs.import', forged);
    expect(r).toEqual(await invoke({ ...lite, actor: 'Mallory Forger' }, 'programs.import', forged));
    expect(r).toMatchObject({ ok: true, value: { committed: true, counts: { programs: { added: 1 } } } });
    expect(await o.query(`SELECT actor FROM import_batches WHERE file_name = 'forged.xlsx'`)).toEqual([{ actor: logins.coordinator }]);
    expect(await o.query(`SELECT DISTINCT actor FROM audit_log WHERE context = 'import forged.xlsx'`)).toEqual([{ actor: logins.coordinator }]);
  });

  it('the CLI imports into an office database (--db postgres://… or STEPWISE_DB) with the laptop’s exit codes and output', async () => {
    const dir = tempDir();
    const place = (name: string, script: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, openpyxlWorkbook(script));
      return file;
    };
    const laptopFile = path.join(dir, 'laptop.db');
    await laptop.backup(laptopFile);
    const cli = async (env: Record<string, string>, ...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test', ...env } });
      return { code, out, err };
    };
    const pgEnv = { PGPASSWORD: PASSWORDS.coordinator };
    const url = o.urlOf(logins.coordinator);
    const both = async (...argv: string[]) => [await cli(pgEnv, ...argv, '--db', url), await cli({}, ...argv, '--db', laptopFile)];

    const list = place('cli-match.xlsx', MATCH_LIST.replaceAll('2027', '2029'));
    const before = await officeCounts();
    const [dryPg, dryLite] = await both('outcomes', 'import', list, '--dry-run', '--as-of', AS_OF);
    expect(dryPg).toEqual(dryLite);
    expect(dryPg.code).toBe(0);
    expect(dryPg.out.join('\n')).toMatch(/^Dry run, nothing written\. The import would make: 4 outcomes added, 0 updated/);
    expect(await officeCounts()).toEqual(before);

    const [pgJson, liteJson] = await both('outcomes', 'import', list, '--json', '--as-of', AS_OF);
    expect(pgJson).toEqual(liteJson);
    expect(pgJson.code).toBe(0);
    expect(JSON.parse(pgJson.out[0])).toMatchObject({ outcomes: { added: 4, updated: 0 }, committed: true });

    const bad = place('cli-bad.xlsx', BAD_DIRECTORY);
    const [badPg, badLite] = await both('programs', 'import', bad);
    expect(badPg).toEqual(badLite);
    expect(badPg.code).toBe(1);
    expect(badPg.err).toContain('Directory!3, Visa: "Yes" does not say which visas: write None, J-1, H-1B, or J-1 and H-1B');

    // STEPWISE_DB names the office database as --db does.
    const grown = place('cli-later.xlsx', LATER.replace('5, None', '6, None'));
    const viaEnv = await cli({ ...pgEnv, STEPWISE_DB: url }, 'programs', 'import', grown);
    expect(viaEnv).toEqual(await cli({ STEPWISE_DB: laptopFile }, 'programs', 'import', grown));
    expect(viaEnv).toMatchObject({ code: 0, out: ['Imported: 0 programs added, 1 updated.'] });
    expect((await o.query(`SELECT positions FROM programs WHERE code = '0801234001'`))[0]).toEqual({ positions: 6 });
    // A refused login: exit 1, said why.
    const refused = await cli({ PGPASSWORD: PASSWORDS.advisor }, 'programs', 'import', grown, '--db', o.urlOf(logins.advisor));
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/imports are the coordinator’s/);
  });

  it('leaves the office database exactly as it was when the importing client is killed (SIGKILL) while it applies', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big-directory.xlsx');
    fs.writeFileSync(
      file,
      openpyxlWorkbook(`
ws = wb.active
ws.append(['Program code', 'Program name', 'Specialty', 'Positions'])
for i in range(3000):
    ws.append([f'K{i:06d}', f'Kill Test Program {i}', 'Pediatrics', 1 + i % 40])
ws.append(['1001140C0', None, None, 31])
`),
    );
    const before = await officeCounts();
    const env = { ...process.env, PGPASSWORD: PASSWORDS.coordinator };
    const url = o.urlOf(logins.coordinator);
    // The client holds once the new programs are written into the office database, its commit still ahead.
    const held = await spawnToCheckpoint(process.execPath, [BIN, 'programs', 'import', file, '--db', url], 'office-import-applying', { cwd: ROOT, env });
    // While it holds, the rows it wrote are its own: no one else sees them.
    expect(await officeCounts()).toEqual(before);
    held.child.kill('SIGKILL');
    expect((await held.closed).signal).toBe('SIGKILL');
    expect(await officeCounts()).toEqual(before);
    // Run to the end, the same import does write (the server rolled the killed one back, its lock released).
    const finished = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'programs', 'import', file, '--db', url], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.stderr.on('data', (b: Buffer) => (out += b.toString()));
      c.on('close', (code) => resolve({ code, out }));
    });
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toContain('Imported: 3000 programs added, 1 updated.');
    expect((await officeCounts()).programs).toBe(before.programs + 3000);
  }, 120_000);

  it('a match list killed (SIGKILL) with its new outcomes applied and their applications still ahead leaves every table as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big-match-list.xlsx');
    fs.writeFileSync(
      file,
      openpyxlWorkbook(`
ws = wb.active
ws.title = 'Outcomes'
ws.append(['Student ID', 'Season', 'Specialty', 'Applications', 'Interviews', 'Result', 'Consent'])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Program code', 'Signal'])
for i in range(800):
    ws.append([f'K2026-{i:04d}', 2026, 'Pediatrics', 30, 10, 'Matched', 'Yes'])
    apps.append([f'K2026-{i:04d}', 2026, f'K{i:06d}', 'Gold'])
ws.append(['G2023-002', 2023, 'Dermatology', 85, 21, 'Matched', None])
`),
    );
    const before = await officeCounts();
    const tables = await officeTables();
    const env = { ...process.env, PGPASSWORD: PASSWORDS.coordinator };
    const args = [BIN, 'outcomes', 'import', file, '--db', o.urlOf(logins.coordinator), '--as-of', AS_OF];
    // The client holds once the new outcomes are written, the changed one, the applications, the consents and the commit still ahead.
    const held = await spawnToCheckpoint(process.execPath, args, 'office-import-applying', { cwd: ROOT, env });
    expect(await officeCounts()).toEqual(before);
    held.child.kill('SIGKILL');
    expect((await held.closed).signal).toBe('SIGKILL');
    expect(await officeCounts()).toEqual(before);
    expect(await officeTables()).toEqual(tables);
    const finished = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const c = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.stderr.on('data', (b: Buffer) => (out += b.toString()));
      c.on('close', (code) => resolve({ code, out }));
    });
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toContain('Imported: 800 outcomes added, 1 updated; 800 applications added, 0 updated; 800 consents added, 0 updated.');
    // Each new application hangs on its own graduate's new outcome.
    expect(
      (await o.query<{ n: number }>(`SELECT count(*)::int AS n FROM outcome_applications a JOIN match_outcomes m ON m.id = a.outcome_id WHERE m.student_id = 'K2026-' || substr(a.program_code, 4, 4)`))[0].n,
    ).toBe(800);
  }, 120_000);
});
