// The end-to-end baseline of the flags benchmark: a process that opens the database with
// better-sqlite3, reads every column of every row of the three tables the flags need, and exits.
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { readonly: true });
let n = 0;
for (const table of ['students', 'exam_attempts', 'practice_exams']) n += db.prepare(`SELECT * FROM ${table}`).raw().all().length;
db.close();
process.stdout.write(`${n}\n`);
