/**
 * The coordinator's set-up, from the command line, against a fresh PostgreSQL database: `office
 * init`, `office add-user` (a generated password, or one on stdin), `office copy` of a laptop
 * roster; then each person signs in with their own password and gets their role's share.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { SCHEMA_VERSION } from '../../src/main/db/migrations';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { demoDatabase } from './backup-fixtures';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

const bin = path.resolve(import.meta.dirname, '../../bin/stepwise.js');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {} as NodeJS.ProcessEnv } };
}

describePostgres('stepwise office, from the command line', (cluster) => {
  let d: TestDatabase;
  let url: string;
  let laptopFile: string;
  let advisorPassword: string;
  const logins: string[] = [];
  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    url = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
  });
  afterAll(async () => {
    await d.drop();
    const c = new pg.Client({ ...d.config, database: 'postgres' });
    await c.connect();
    for (const l of logins) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(l)}`);
    await c.end();
  });

  it('init sets the database up once, and says so the second time', async () => {
    const first = capture();
    expect(await runCli(['office', 'init', '--db', url], first.io)).toBe(0);
    expect(first.out[0]).toMatch(new RegExp(`Set up the office database .* \\(schema 0 → ${SCHEMA_VERSION}\\)`));
    const again = capture();
    expect(await runCli(['office', 'init', '--db', url], again.io)).toBe(0);
    expect(again.out[0]).toBe(`The office database is already set up (schema ${SCHEMA_VERSION}).`);
  });

  it('copy moves a laptop roster in and prints its proof', async () => {
    const laptop = await demoDatabase(120);
    laptop.db.close();
    laptopFile = laptop.file;
    const c = capture();
    expect(await runCli(['office', 'copy', '--from', laptop.file, '--to', url, '--as-of', '2026-11-26'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/students\s+120/);
    expect(c.out.at(-1)).toBe('Proven: every table\'s rows, and the flags of all 120 students as of 2026-11-26, are the same on both sides.');
    const twice = capture();
    expect(await runCli(['office', 'copy', '--from', laptop.file, '--to', url], twice.io)).toBe(1);
    expect(twice.err[0]).toMatch(/already holds students/);
  });

  it('add-user makes a login with a generated password shown once, or one read from stdin; each signs in with their share', async () => {
    const adv = `${d.name}_ada`;
    const dean = `${d.name}_dean`;
    logins.push(adv, dean);
    const c = capture();
    // An advisor named as the demo's advisors are, so they have students.
    const some = new pg.Client(connectionConfig(url));
    await some.connect();
    const name = (await some.query(`SELECT advisor FROM students WHERE advisor IS NOT NULL LIMIT 1`)).rows[0].advisor as string;
    const theirs = Number((await some.query(`SELECT count(*) AS n FROM students WHERE lower(btrim(advisor)) = lower(btrim($1))`, [name])).rows[0].n);
    await some.end();
    expect(await runCli(['office', 'add-user', adv, '--role', 'advisor', '--name', name, '--db', url], c.io)).toBe(0);
    const password = /Password \(shown once.*\): (\S+)$/.exec(c.out.at(-1)!)![1];
    advisorPassword = password;
    expect(password.length).toBeGreaterThanOrEqual(20);

    const r = spawnSync(process.execPath, [bin, 'office', 'add-user', dean, '--role', 'dean', '--name', 'Dr. Dean', '--password-stdin', '--db', url], {
      input: 'the dean chose this one\n',
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/Password/);

    const signIn = async (user: string, pw: string) => {
      const client = new pg.Client({ ...connectionConfig(`postgres://${user}@127.0.0.1:${cluster.port}/${d.name}`), password: pw });
      await client.connect();
      return client;
    };
    const a = await signIn(adv, password);
    expect(Number((await a.query(`SELECT count(*) AS n FROM my_students`)).rows[0].n)).toBe(theirs);
    await expect(a.query(`SELECT email FROM students`)).rejects.toThrow(/permission denied/);
    await a.end();
    const dn = await signIn(dean, 'the dean chose this one');
    expect(Number((await dn.query(`SELECT count(*) AS n FROM students`)).rows[0].n)).toBe(120);
    await dn.end();
  });

  it('reads the password from ~/.pgpass as libpq does (node-postgres’s own reading warns and goes in pg 9), and says where to put one when there is none', () => {
    const adv = `${d.name}_ada`;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-pgpass-'));
    try {
      const { PGPASSWORD: _none, ...env } = process.env;
      const flags = () => spawnSync(process.execPath, [bin, 'flags', '--json', '--db', `postgres://${adv}@127.0.0.1:${cluster.port}/${d.name}`, '--as-of', '2026-11-26'], { encoding: 'utf8', timeout: 30_000, env: { ...env, HOME: home, PGPASSFILE: '' } });
      // None: refused, in words.
      const none = flags();
      expect(none.status).toBe(1);
      expect(none.stderr).toMatch(/asks \S+ for a password and none was given: set PGPASSWORD, or add a line for it to ~\/\.pgpass/);
      // A line for this server, database and login (and one before it for another database): read, and nothing else said.
      fs.writeFileSync(path.join(home, '.pgpass'), `127.0.0.1:${cluster.port}:other:${adv}:wrong\n127.0.0.1:${cluster.port}:${d.name}:${adv}:${advisorPassword}\n`, { mode: 0o600 });
      const found = flags();
      expect(found.stderr).toBe('');
      expect(found.status).toBe(0);
      expect((JSON.parse(found.stdout) as unknown[]).length).toBeGreaterThan(10);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('flags read the office database through the store, the same as the laptop’s, for the coordinator and an advisor alike', async () => {
    const flagsOf = async (db: string, env: NodeJS.ProcessEnv = {}) => {
      const c = capture();
      c.io.env = env;
      expect(await runCli(['flags', '--json', '--db', db, '--as-of', '2026-11-26'], c.io), c.err.join('\n')).toBe(0);
      return JSON.parse(c.out.join('\n')) as { studentId: string }[];
    };
    const onLaptop = await flagsOf(laptopFile);
    expect(onLaptop.length).toBeGreaterThan(10);
    expect(await flagsOf(url)).toEqual(onLaptop);
    const adv = `${d.name}_ada`;
    expect(await flagsOf(`postgres://${adv}@127.0.0.1:${cluster.port}/${d.name}`, { PGPASSWORD: advisorPassword })).toEqual(onLaptop);
    // A wrong password is a clear refusal, not a crash.
    const wrong = capture();
    wrong.io.env = { PGPASSWORD: 'not it' };
    expect(await runCli(['flags', '--db', `postgres://${adv}@127.0.0.1:${cluster.port}/${d.name}`], wrong.io)).toBe(1);
    expect(wrong.err.join('\n')).toMatch(/password authentication failed/);
  });

  it('imports a program directory into the office database (it once needed a laptop’s file), audited under the login', async () => {
    const c = capture();
    const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-directory-')), 'directory.csv');
    fs.writeFileSync(directory, 'Program name,Program code,Specialty\nLakeside Internal Medicine,1234140C0,Internal Medicine\n');
    expect(await runCli(['programs', 'import', directory, '--db', url], c.io), c.err.join('\n')).toBe(0);
    expect(c.out).toEqual(['Imported: 1 program added, 0 updated.']);
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    try {
      expect((await admin.query(`SELECT name FROM programs WHERE code = '1234140C0'`)).rows).toEqual([{ name: 'Lakeside Internal Medicine' }]);
      expect((await admin.query(`SELECT actor FROM import_batches WHERE file_name = 'directory.csv'`)).rows).toEqual([{ actor: cluster.superuser }]);
    } finally {
      await admin.end();
    }
  });

  it('backs the office database up with pg_dump and restores it with pg_restore, all or nothing, the restore audited', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-backup-'));
    const file = path.join(dir, 'office.dump');
    const b = capture();
    expect(await runCli(['backup', '--out', file, '--db', url], b.io), b.err.join('\n')).toBe(0);
    expect(b.out[0]).toMatch(/Backed up the office database .* \(.* MB, pg_dump custom format\)/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const admin = new pg.Client(connectionConfig(url));
    await admin.connect();
    const count = async () => Number((await admin.query(`SELECT count(*) AS n FROM students`)).rows[0].n);
    const before = await count();
    await admin.query(`DELETE FROM students WHERE id IN (SELECT id FROM students ORDER BY id LIMIT 7)`);
    expect(await count()).toBe(before - 7);
    const r = capture();
    expect(await runCli(['restore', file, '--db', url], r.io), r.err.join('\n')).toBe(0);
    expect(await count()).toBe(before);
    expect((await admin.query(`SELECT actor, context FROM audit_log ORDER BY id DESC LIMIT 1`)).rows).toEqual([{ actor: cluster.superuser, context: 'restore' }]);
    // The office still works as before: roles, row-level security, triggers.
    const v = (await admin.query(`SELECT version FROM students ORDER BY id LIMIT 1`)).rows[0].version as number;
    await admin.query(`UPDATE students SET us_letters = 1 WHERE id = (SELECT id FROM students ORDER BY id LIMIT 1)`);
    expect((await admin.query(`SELECT version FROM students ORDER BY id LIMIT 1`)).rows[0].version).toBe(v + 1);
    await admin.end();
    // A damaged file: refused, and nothing changed.
    fs.writeFileSync(path.join(dir, 'bad.dump'), 'not a dump');
    const bad = capture();
    expect(await runCli(['restore', path.join(dir, 'bad.dump'), '--db', url], bad.io)).toBe(1);
    expect(bad.err[0]).toMatch(/pg_restore failed, and the office database is as it was/);
    // An office account cannot take a whole backup: row-level security hides rows from it.
    const adv = capture();
    adv.io.env = { PGPASSWORD: advisorPassword };
    expect(await runCli(['backup', '--out', path.join(dir, 'adv.dump'), '--db', `postgres://${d.name}_ada@127.0.0.1:${cluster.port}/${d.name}`], adv.io)).toBe(1);
    expect(adv.err.join('\n')).toMatch(/backed up by its owner/);
    expect(fs.existsSync(path.join(dir, 'adv.dump'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad role, a file path for --db and a short password, saying how', async () => {
    const bad = capture();
    await expect(runCli(['office', 'add-user', 'x', '--role', 'boss', '--db', url], bad.io)).resolves.toBe(2);
    expect(bad.err.join('\n')).toMatch(/--role must be one of coordinator, dean, advisor, committee/);
    const file = capture();
    expect(await runCli(['office', 'init', '--db', 'laptop.db'], file.io)).toBe(2);
    expect(file.err.join('\n')).toMatch(/must be a PostgreSQL connection string/);
    const short = spawnSync(process.execPath, [bin, 'office', 'add-user', `${d.name}_x`, '--role', 'advisor', '--password-stdin', '--db', url], { input: 'short\n', encoding: 'utf8' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
  });
});
