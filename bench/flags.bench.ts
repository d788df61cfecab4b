/**
 * Flags for every student of a 100,000-student cohort (PRODUCT.md: "flags for every student in
 * under 1 s"). Builds the demo database once (not measured), then measures, each as the median of
 * several runs on one connection after a warm-up:
 *   (a) loading every complete snapshot and the reference data (and, for comparison, the general
 *       loader loadAllSnapshots, which also sorts every attempt and practice exam in SQL),
 *   (b) evaluating every student's flags and summarising the cohort,
 *   (c) the whole flags computation as the handler runs it: cohortFlags(), which loads only the
 *       practice exams of the readiness window (the only ones the rules read) and evaluates;
 * and, as the baseline measured in the same run, a plain SELECT scan of the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/main/db/open';
import { loadReferenceData } from '../src/main/db/reference';
import { loadCohortSnapshots } from '../src/main/db/cohort-snapshots';
import { loadAllSnapshots } from '../src/main/db/students';
import { loadDemoCohort } from '../src/main/demo/load';
import { cohortFlags, evaluateSnapshots, flagsOfSnapshots, summariseCohort } from '../src/main/flags/cohort';
import { report, time } from './report';

const STUDENTS = Number(process.env.STEPWISE_BENCH_STUDENTS ?? 100_000);
const AS_OF = '2026-05-01';
const RUNS = 5;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The least any loader must do: read every column of every row the flags need, as plain arrays. */
function plainScan(db: Db): number {
  let n = 0;
  for (const table of ['students', 'exam_attempts', 'practice_exams']) n += db.prepare(`SELECT * FROM ${table}`).raw().all().length;
  return n;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-flags-'));
  const file = path.join(dir, 'bench.db');
  try {
    const setup = await openDatabase(file);
    const built = time(() => loadDemoCohort(setup, { students: STUDENTS, seed: 2027, asOf: AS_OF }, { actor: 'bench', context: 'flags benchmark' }));
    setup.close();
    process.stderr.write(`flags bench: ${built.value.students} students, ${built.value.attempts} attempts, ${built.value.practice} practice exams built in ${Math.round(built.ms)} ms\n`);

    const db = await openDatabase(file);
    const scan: number[] = [];
    const general: number[] = [];
    const load: number[] = [];
    const evaluate: number[] = [];
    const whole: number[] = [];
    let summary: ReturnType<typeof cohortFlags> | null = null;
    // One unmeasured warm-up of each path (page cache, JIT), then RUNS measured rounds.
    for (let run = 0; run <= RUNS; run++) {
      gc();
      const s = time(() => plainScan(db));
      gc();
      const g = time(() => loadAllSnapshots(db).length);
      gc();
      const l = time(() => ({ snapshots: loadCohortSnapshots(db), ref: loadReferenceData(db) }));
      gc();
      const e = time(() => flagsOfSnapshots(l.value.snapshots, l.value.ref, AS_OF));
      // On the warm-up round, check the one-pass summary against evaluating everyone first.
      if (run === 0 && JSON.stringify(e.value) !== JSON.stringify(summariseCohort(evaluateSnapshots(l.value.snapshots, l.value.ref, AS_OF), AS_OF)))
        throw new Error('flagsOfSnapshots disagrees with summariseCohort(evaluateSnapshots())');
      gc();
      const w = time(() => cohortFlags(db, { asOf: AS_OF }));
      // The windowed path must conclude exactly what the rules conclude on complete snapshots.
      if (run === 0 && JSON.stringify(w.value) !== JSON.stringify(e.value)) throw new Error('cohortFlags disagrees with the evaluation of complete snapshots');
      summary = w.value;
      if (run === 0) continue;
      scan.push(s.ms);
      general.push(g.ms);
      load.push(l.ms);
      evaluate.push(e.ms);
      whole.push(w.ms);
    }
    db.close();

    const [scanMs, generalMs, loadMs, evalMs, wholeMs] = [median(scan), median(general), median(load), median(evaluate), median(whole)];
    report('flags: students evaluated', summary!.total, 'students');
    report('flags: flagged students', summary!.students.length, 'students');
    report('flags: baseline plain SELECT scan of the same rows', scanMs, 'ms');
    report('flags: general loader loadAllSnapshots (sorted in SQL)', generalMs, 'ms');
    report('flags: (a) load complete snapshots + reference data', loadMs, 'ms');
    report('flags: (b) evaluate every student + summarise', evalMs, 'ms');
    report('flags: (c) whole cohort flags (load + evaluate)', wholeMs, 'ms', { text: '< 1000 ms', ok: wholeMs < 1000 });
    report('flags: general loader / plain scan', generalMs / scanMs, 'x');
    report('flags: (a) load / plain scan', loadMs / scanMs, 'x');
    report('flags: (b) evaluate / plain scan', evalMs / scanMs, 'x');
    report('flags: (c) whole / plain scan', wholeMs / scanMs, 'x');
    report('flags: evaluation per student', (evalMs * 1000) / summary!.total, 'µs');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
