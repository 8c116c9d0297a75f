/**
 * The entry: builds the program and registers each command, whose definition and body live in a
 * file of its own here (`rapport diff` in diff.ts, `rapport kolada` in kolada.ts …) over the shared
 * core: io.ts (output, exit codes) and options.ts (commander's help and errors in Swedish, parsers).
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../load/package.js';
import { defaultIo, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';
import * as build from './build.js';
import * as check from './check.js';
import * as diff from './diff.js';
import * as fmt from './fmt.js';
import * as gitDiff from './git-diff.js';
import * as init from './init.js';
import * as kolada from './kolada.js';
import * as nyPeriod from './ny-period.js';
import * as schema from './schema.js';
import * as textconv from './textconv.js';
import * as watch from './watch.js';

export { EXIT_INPUT, EXIT_OK, EXIT_USAGE, type Io } from './io.js';
export { parsePort } from './options.js';

/** The commands in the order `rapport --help` lists them. */
const COMMANDS: readonly { register: (program: Command, context: CommandContext) => void }[] = [build, check, fmt, init, nyPeriod, watch, gitDiff, textconv, kolada, schema, diff];

/** Run the CLI; returns the exit code (0 ok, 1 input errors, 2 usage or internal error). */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('rapport');
  configure(program, io)
    .usage('[flaggor] [kommando]')
    .description('Kompilerar nämndernas delårsrapporter och verksamhetsberättelser från YAML till HTML och PDF, efter att ha kontrollerat räkningen.')
    .version(VERSION, '-V, --version', 'visa versionsnummer')
    .helpCommand('help [kommando]', 'visa hjälp för ett kommando')
    .showHelpAfterError('(skriv rapport --help för hjälp)');

  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const command of COMMANDS) command.register(program, { io, argv, setExit });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.stderr(`internt fel: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}
