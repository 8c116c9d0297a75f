/** rapport textconv: git's textconv, a YAML file as one line per value with its place in the report. */
import path from 'node:path';
import type { Command } from 'commander';
import { readBounded } from '../load/snapshot.js';
import { readProblemMessage } from '../load/text-file.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import { semanticText } from '../diff/textconv.js';
import { EXIT_INPUT, EXIT_OK, type Io } from './io.js';
import { type CommandContext, configure } from './options.js';

export function register(program: Command, { io, setExit }: CommandContext): void {
  // git's textconv: `git config diff.rapport.textconv "npx rapport textconv"`; git passes one file.
  configure(program.command('textconv'), io)
    .usage('<fil>')
    .description('skriv en YAML-fil som en rad per värde med hela platsen i rapporten, för git (diff.rapport.textconv): git log -p, git show och git diff visar då vad som ändrats')
    .argument('<fil>', 'filen git lämnar (innehållet i en version)')
    .action((file: string) => {
      setExit(runTextconv(file, io));
    });
}

/** git's textconv: one file as a line per value with its place in the report (src/diff/textconv.ts). */
function runTextconv(file: string, io: Io): number {
  const read = readBounded(path.resolve(io.cwd, file), MAX_FILE_BYTES);
  if (!read.bytes) {
    io.stderr(`fel: ${file} kan inte läsas: ${readProblemMessage(read.problem, read.size, MAX_FILE_BYTES, read.code).message}\n`);
    return EXIT_INPUT;
  }
  io.stdout(semanticText(read.bytes.toString('utf8'), file));
  return EXIT_OK;
}
