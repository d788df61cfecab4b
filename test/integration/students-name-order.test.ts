/**
 * `sortStudentsByName` (db/cohort-snapshots.ts, with db/sqlite-text.ts) gives exactly the order of `loadStudentsByName`'s SQL
 * (surname, given name, NOCASE; then ID): the committee workbook on an office database sorts the
 * students it reads from PostgreSQL with it, and its Roster must list them as the laptop's does.
 * Names that trip a naive sort: case, accents (not folded by NOCASE), characters above U+FFFF
 * (UTF-16 puts them before U+E000–U+FFFF; SQLite compares UTF-8 bytes), prefixes, ties broken by ID.
 */
import { afterEach, expect, it } from 'vitest';
import { loadStudentsByName, sortStudentsByName } from '../../src/main/db/cohort-snapshots';
import type { Db } from '../../src/main/db/open';
import { tempDatabase } from '../helpers';

let db: Db | null = null;
afterEach(() => db?.close());

const SURNAMES = ['adams', 'Adams', 'ADAMS', 'Ádams', 'adams-lee', 'adams lee', 'Zoë', 'zoe', 'Zoe', '😀', '\uFF21dams', '\uE000', 'Ωmega', 'ω', 'b', 'B', ''];
const GIVEN = ['ann', 'Ann', 'ÅSA', 'bo', '😀', '\uFFFD'];

it('sorts students as SQLite orders them by name and ID', async () => {
  ({ db } = await tempDatabase());
  const insert = db.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES (?, ?, ?, 2027, '2026-01-01', '2026-01-01')`);
  let n = 0;
  // Every surname with several given names, IDs that sort differently as text and as numbers.
  for (const last of SURNAMES)
    for (const first of GIVEN.slice(0, 1 + (n % GIVEN.length))) {
      insert.run(n % 3 === 0 ? `x${1000 - n}` : String(n), first, last);
      n++;
    }
  // Two students with the very same name: the ID decides.
  insert.run('tie-9', 'Same', 'Name');
  insert.run('tie-10', 'same', 'NAME');
  const fromSql = loadStudentsByName(db);
  expect(fromSql.length).toBe(n + 2);
  // Shuffled, then sorted here: the same order.
  const shuffled = [...fromSql].sort((a, b) => (a.id.length * 7 + a.firstName.length) % 5 - ((b.id.length * 7 + b.firstName.length) % 5) || (a.id < b.id ? 1 : -1));
  expect(sortStudentsByName(shuffled).map((s) => s.id)).toEqual(fromSql.map((s) => s.id));
  // The cases a plain string sort gets wrong are present: a name above U+FFFF and one in U+E000–U+FFFF.
  const order = fromSql.map((s) => s.lastName);
  expect(order.indexOf('\uE000')).toBeLessThan(order.indexOf('😀'));
  expect('😀' < '\uE000').toBe(true);
});
