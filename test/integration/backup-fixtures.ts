/** Shared by the backup, crash and hostile-input tests: real databases, their content hash, and damage. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { loadDemoCohort } from '../../src/main/demo/load';
import { tempDatabase } from '../helpers';

/** A real database file holding a demo cohort. */
export async function demoDatabase(students = 40) {
  const t = await tempDatabase();
  loadDemoCohort(t.db, { students, seed: 2027, asOf: '2026-11-26' }, { actor: 'test-advisor', context: 'demo cohort' });
  return t;
}

/**
 * A hash of everything a database holds: the schema version and every row of every table, in
 * primary-key order. Two files with the same hash hold the same data, whatever their page layout.
 */
export function contentHash(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = crypto.createHash('sha256');
    hash.update(`user_version=${db.pragma('user_version', { simple: true })}\n`);
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; sql: string }[];
    for (const t of tables) {
      hash.update(`${t.sql}\n`);
      for (const row of db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).raw().iterate()) hash.update(`${JSON.stringify(row)}\n`);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Overwrites a run of pages after the header page with deterministic garbage: the kind of damage a failing disk does. */
export function damagePages(file: string, firstPage = 3, pages = 4): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const header = Buffer.alloc(100);
    fs.readSync(fd, header, 0, 100, 0);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const garbage = Buffer.alloc(pageSize * pages);
    let x = 12345;
    for (let i = 0; i < garbage.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = x & 0xff;
    }
    fs.writeSync(fd, garbage, 0, garbage.length, (firstPage - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

export function fileMode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
