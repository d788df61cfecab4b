/**
 * The `stepwise` command: the same handlers and the same database as the desktop app.
 * Exit status: 0 success, 1 the input was rejected (nothing written), 2 usage error.
 * Errors go to stderr, one line each, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { UsageError, type CliIo } from './cli/spec';
import { COMMANDS } from './cli/commands';
import { DatabaseError } from './db/errors';
import { APP_VERSION } from './version';

function help(): string {
  return [
    'Usage: stepwise <command> [options]',
    '',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    "--db defaults to the desktop app's database (or $STEPWISE_DB). `stepwise <command> --help` shows one command; `stepwise --version` the version.",
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    // Which code runs: the build in out/cli, or the sources through tsx (bin/stepwise.js decides).
    const from = io.env.STEPWISE_CLI_RUNS === 'build' ? 'built' : 'from the sources';
    io.stdout(`stepwise ${APP_VERSION} (${from}, Node ${process.versions.node})`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`stepwise: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message.split('\n')[0]);
    }
    if (parsed.values.help) {
      io.stdout(`Usage: ${command.usage}`);
      return 0;
    }
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (parsed.positionals.length < min || parsed.positionals.length > max)
      throw new UsageError(parsed.positionals.length < min ? 'missing argument' : `unexpected argument "${parsed.positionals[max]}"`);
    return await command.run(parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`stepwise ${name}: ${err.message}`);
      io.stderr(`Usage: ${command.usage}`);
      return 2;
    }
    if (err instanceof DatabaseError) {
      io.stderr(`stepwise ${name}: ${err.message}`);
      return 1;
    }
    io.stderr(`stepwise ${name}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain || process.env.STEPWISE_CLI_ENTRY === '1') {
  // `stepwise flags | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  // Should a command ever wait on something that can no longer happen, Node would leave quietly with
  // status 13: say so in one line, with the usual failure status, rather than exit without a word.
  let settled = false;
  const stranded = () => {
    if (settled) return;
    process.stderr.write(`stepwise ${process.argv[2] ?? ''}: stopped without finishing (nothing was left to wait for); nothing more was done\n`);
    process.exit(1);
  };
  process.once('beforeExit', stranded);
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  });
  settled = true;
  process.exitCode = code;
}
