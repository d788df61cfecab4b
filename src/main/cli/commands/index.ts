/**
 * Every `stepwise` subcommand: what `--help` and the argument parser need, and its implementation,
 * loaded only when the command runs (each lives in its own file), so `stepwise --help` and a mistyped
 * command start without loading SQLite, zod or exceljs.
 */
import { DB_OPTION, UsageError, type Command, type RunCommand } from '../spec';

/** The implementation of a command, loaded on first use. */
const lazy = (load: () => Promise<{ run: RunCommand }>): RunCommand => async (values, positionals, io) => (await load()).run(values, positionals, io);

const demo: Command = {
  name: 'demo',
  summary: 'load a synthetic demo cohort into an empty database',
  usage: 'stepwise demo [--db PATH] [--students N] [--seed S] [--as-of YYYY-MM-DD]',
  options: { ...DB_OPTION, students: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' } },
  run: lazy(() => import('./demo')),
};

const importCommand: Command = {
  name: 'import',
  summary: 'import an .xlsx or .csv roster (any error: nothing is written)',
  usage: 'stepwise import FILE [--db PATH] [--dry-run] [--json] [--sheet NAME] [--date-order mdy|dmy] [--map "[Sheet!]Header=field"]...',
  options: { ...DB_OPTION, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, sheet: { type: 'string' }, 'date-order': { type: 'string' }, map: { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  run: lazy(() => import('./import')),
};

const template: Command = {
  name: 'template',
  summary: 'save an empty import template workbook (drop-down lists, instructions)',
  usage: 'stepwise template --out FILE.xlsx',
  options: { out: { type: 'string' } },
  run: lazy(() => import('./template')),
};

const flags: Command = {
  name: 'flags',
  summary: 'list the students the risk rules flag, most severe first',
  usage:
    'stepwise flags [--db PATH] [--as-of YYYY-MM-DD] [--json] [--class YEAR]... [--advisor NAME] [--min-severity critical|high|medium|low] [--status S[,S]...|all] (default: active, leave, extended)',
  options: {
    ...DB_OPTION,
    'as-of': { type: 'string' },
    json: { type: 'boolean' },
    class: { type: 'string', multiple: true },
    advisor: { type: 'string' },
    'min-severity': { type: 'string' },
    status: { type: 'string', multiple: true },
  },
  run: lazy(() => import('./flags')),
};

const report: Command = {
  name: 'report',
  summary: 'write the committee workbook (Summary, At risk, Roster, By specialty, Outcomes, Sources)',
  usage:
    'stepwise report --out FILE.xlsx [--db PATH] [--as-of YYYY-MM-DD] [--deidentify] [--class YEAR]... [--advisor NAME] [--min-severity critical|high|medium|low] [--status S[,S]...|all] (default: active)',
  options: {
    ...DB_OPTION,
    out: { type: 'string', short: 'o' },
    'as-of': { type: 'string' },
    deidentify: { type: 'boolean' },
    class: { type: 'string', multiple: true },
    advisor: { type: 'string' },
    'min-severity': { type: 'string' },
    status: { type: 'string', multiple: true },
  },
  run: lazy(() => import('./report')),
};

const backup: Command = {
  name: 'backup',
  summary: 'copy the database safely while it may be in use (owner-only file)',
  usage: 'stepwise backup [--out FILE] [--force] [--db PATH]',
  options: { ...DB_OPTION, out: { type: 'string' }, force: { type: 'boolean' } },
  run: lazy(() => import('./backup')),
};

const restore: Command = {
  name: 'restore',
  summary: 'list the backups, or put one back in place of the database (the current state is backed up first)',
  usage: 'stepwise restore [BACKUP | --newest] [--db PATH]',
  options: { ...DB_OPTION, newest: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  run: lazy(() => import('./restore')),
};

const office: Command = {
  name: 'office',
  summary: 'set up an office database (PostgreSQL): create its schema and roles, add people, copy a laptop roster in',
  usage:
    'stepwise office init --db postgres://…  |  office add-user LOGIN --role coordinator|dean|advisor|committee [--name "Full Name"] [--password-stdin] --db postgres://…  |  office copy --from LAPTOP.db --to postgres://… [--as-of YYYY-MM-DD]',
  options: { ...DB_OPTION, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' } },
  positionals: { min: 1, max: 2 },
  run: lazy(() => import('./office')),
};

const programs: Command = {
  name: 'programs',
  summary: 'import a program directory spreadsheet (NRMP directory, FREIDA export), keyed by program code (any error: nothing is written)',
  usage: 'stepwise programs import FILE [--db PATH] [--dry-run] [--json] [--map "[Sheet!]Header=field"]...',
  options: { ...DB_OPTION, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, map: { type: 'string', multiple: true } },
  positionals: { min: 2, max: 2 },
  run: lazy(() => import('./programs')),
};

const outcomesImport = lazy(() => import('./outcomes-import'));

const outcomesChart = lazy(() => import('./outcomes'));

const outcomes: Command = {
  name: 'outcomes',
  summary: "the office's own Charting Outcomes by specialty, season block and CK band, small cells suppressed; or import the office's match list (any error: nothing is written)",
  usage:
    'stepwise outcomes [--db PATH] [--specialty NAME] [--from SEASON] [--to SEASON] [--json]  |  stepwise outcomes import FILE [--db PATH] [--dry-run] [--json] [--as-of YYYY-MM-DD] [--map "[Sheet!]Header=field"]...',
  options: { ...DB_OPTION, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'as-of': { type: 'string' }, map: { type: 'string', multiple: true }, specialty: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  positionals: { min: 0, max: 2 },
  run: async (values, positionals, io) => {
    if (positionals[0] === 'import') return outcomesImport(values, positionals.slice(1), io);
    if (positionals.length === 0) return outcomesChart(values, positionals, io);
    throw new UsageError(`unknown outcomes command "${positionals[0]}": stepwise outcomes [--specialty NAME] [--json], or stepwise outcomes import FILE`);
  },
};

const programList: Command = {
  name: 'program-list',
  summary: "a student's program list: every program of the target (or backup) specialty with its tier or 'not eligible', why, the evidence, n and years",
  usage: 'stepwise program-list STUDENT_ID [--db PATH] [--specialty target|backup|NAME] [--as-of YYYY-MM-DD] [--json]',
  options: { ...DB_OPTION, specialty: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  run: lazy(() => import('./program-list')),
};

export const COMMANDS: Command[] = [demo, importCommand, template, flags, report, backup, restore, office, programs, outcomes, programList];
