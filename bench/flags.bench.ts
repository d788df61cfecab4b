/**
 * Flags for every student of a 100,000-student cohort (PRODUCT.md: "flags for every student in
 * under 1 s"). Builds the demo database once (not measured), then measures, each as the median of
 * several runs on one connection after a warm-up:
 *   (a) loading every complete snapshot and the reference data (and, for comparison, the general
 *       loader loadAllSnapshots, which also sorts every attempt and practice exam in SQL),
 *   (b) evaluating every student's flags and summarising the cohort,
 *   (c) the whole flags computation as the handler runs it: cohortFlags(), which loads only the
 *       practice exams of the readiness window (the only ones the rules read) and evaluates;
 * and, as the baseline measured in the same run, a plain SELECT scan of the same rows. End to end,
 * from process start to exit: `stepwise flags --json` (its output to a file) against a process that
 * does only that plain scan (bench/sqlite-scan.mjs), each the median of RUNS runs.
 *
 * Each is timed as this process's CPU time (user + system) as well as wall time: on a shared
 * machine (CI, or two cores shared by several engineers) wall time mostly measures the other
 * processes. The goal is judged on CPU time when the machine is busy (load above its core count),
 * on wall time otherwise; both are always printed.
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
import { processMs, report } from './report';

const STUDENTS = Number(process.env.STEPWISE_BENCH_STUDENTS ?? 100_000);
const AS_OF = '2026-05-01';
const RUNS = 5;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Timing {
  wall: number;
  cpu: number;
}

function time<T>(fn: () => T): Timing & { value: T } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

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
    process.stderr.write(`flags bench: ${built.value.students} students, ${built.value.attempts} attempts, ${built.value.practice} practice exams built in ${Math.round(built.wall)} ms\n`);

    const db = await openDatabase(file);
    const scan: Timing[] = [];
    const general: Timing[] = [];
    const load: Timing[] = [];
    const evaluate: Timing[] = [];
    const whole: Timing[] = [];
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
      scan.push(s);
      general.push(g);
      load.push(l);
      evaluate.push(e);
      whole.push(w);
    }
    db.close();

    // End to end, as a user (or a script) waits: the command against the plain scan in a process of its own.
    const root = path.resolve(import.meta.dirname, '..');
    const scanProcess: number[] = [];
    const cliFlags: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const s = processMs([path.join(root, 'bench', 'sqlite-scan.mjs'), file], path.join(dir, 'scan.out'));
      const c = processMs([path.join(root, 'bin', 'stepwise.js'), 'flags', '--json', '--db', file, '--as-of', AS_OF], path.join(dir, 'flags.json'));
      if (run === 0) continue;
      scanProcess.push(s);
      cliFlags.push(c);
    }
    const flagged = (JSON.parse(fs.readFileSync(path.join(dir, 'flags.json'), 'utf8')) as unknown[]).length;
    if (flagged !== summary!.students.length) throw new Error(`stepwise flags --json listed ${flagged} students, cohortFlags ${summary!.students.length}`);

    const busy = os.loadavg()[0] > os.availableParallelism();
    const m = (xs: Timing[]) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
    const [scanT, generalT, loadT, evalT, wholeT] = [m(scan), m(general), m(load), m(evaluate), m(whole)];
    const judged = busy ? wholeT.cpu : wholeT.wall;
    report('flags: students evaluated', summary!.total, 'students');
    report('flags: flagged students', summary!.students.length, 'students');
    report('flags: machine load (1-min average) at the end', os.loadavg()[0], `on ${os.availableParallelism()} cores`);
    for (const [label, t] of [
      ['baseline plain SELECT scan of the same rows', scanT],
      ['general loader loadAllSnapshots (sorted in SQL)', generalT],
      ['(a) load complete snapshots + reference data', loadT],
      ['(b) evaluate every student + summarise', evalT],
    ] as const) {
      report(`flags: ${label}, CPU`, t.cpu, 'ms');
      report(`flags: ${label}, wall`, t.wall, 'ms');
    }
    report('flags: (c) whole cohort flags (load + evaluate), CPU', wholeT.cpu, 'ms', busy ? { text: '< 1000 ms (CPU: machine busy)', ok: judged < 1000 } : undefined);
    report('flags: (c) whole cohort flags (load + evaluate), wall', wholeT.wall, 'ms', busy ? undefined : { text: '< 1000 ms', ok: judged < 1000 });
    report('flags: general loader / plain scan (CPU)', generalT.cpu / scanT.cpu, 'x');
    report('flags: (a) load / plain scan (CPU)', loadT.cpu / scanT.cpu, 'x');
    report('flags: (b) evaluate / plain scan (CPU)', evalT.cpu / scanT.cpu, 'x');
    report('flags: (c) whole / plain scan (CPU)', wholeT.cpu / scanT.cpu, 'x');
    report('flags: evaluation per student (CPU)', (evalT.cpu * 1000) / summary!.total, 'µs');
    const scanE2e = median(scanProcess);
    const cliE2e = median(cliFlags);
    report('flags: plain scan in a process of its own, start to exit', scanE2e, 'ms');
    report('flags: stepwise flags --json, start to exit', cliE2e, 'ms');
    report('flags: stepwise flags --json / plain scan, end to end', cliE2e / scanE2e, 'x', { text: '≤ 2', ok: cliE2e / scanE2e <= 2 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
