/** What the commands share in commander: help in Swedish, the exit override, and option parsers. */
import { type Argument, type Command, Option } from 'commander';
import type { Io } from './io.js';

/** What a command's `register` gets: where it writes, the raw arguments, and how it sets the exit code. */
export interface CommandContext {
  io: Io;
  /** The arguments as given (after `rapport`), for what commander does not keep (diff's `--`). */
  argv: string[];
  /** The exit code main returns once the command's action has finished. */
  setExit: (code: number) => void;
}

/** commander's help headings in Swedish. */
export const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Användning:',
  'Options:': 'Flaggor:',
  'Commands:': 'Kommandon:',
  'Arguments:': 'Argument:',
  'Global Options:': 'Globala flaggor:',
};

/** Swedish help, output through `io`, and errors thrown (never process.exit) for the program and every command. */
export function configure(cmd: Command, io: Io): Command {
  return cmd
    .configureHelp({
      styleTitle: (title: string) => HELP_TITLES[title] ?? title,
      subcommandTerm: (sub: Command) => `${sub.name()} ${sub.usage()}`.trim(),
      optionDescription: (option: Option) => describeWithExtras(option.description, option.argChoices, option.defaultValue, option.negate),
      argumentDescription: (argument: Argument) => describeWithExtras(argument.description, argument.argChoices, argument.defaultValue),
      sortOptions: false,
    })
    .helpOption('-h, --help', 'visa hjälp för kommandot')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(translateCommanderError(s)),
    })
    .exitOverride();
}

/** -f, --format for diagnostics (build and check). */
export const formatOption = () =>
  new Option('-f, --format <format>', 'format för diagnostik: pretty, json, github (annoteringar i GitHub Actions) eller gitlab (GitLab Code Quality)').choices(['pretty', 'json', 'github', 'gitlab']).default('pretty');

/** Help text for an option or argument, with its choices and default in Swedish. */
export function describeWithExtras(description: string, choices: readonly string[] | undefined, defaultValue: unknown, negate = false): string {
  const extras: string[] = [];
  if (choices) extras.push(`val: ${choices.join(', ')}`);
  if (defaultValue !== undefined && !negate && defaultValue !== false) {
    extras.push(`standard: ${Array.isArray(defaultValue) ? defaultValue.join(' ') : String(defaultValue)}`);
  }
  return extras.length > 0 ? `${description} (${extras.join('; ')})` : description;
}

/** commander's error messages in Swedish. */
export function translateCommanderError(message: string): string {
  return message
    .replace(/^error: unknown option '(.+)'/m, "fel: okänd flagga '$1'")
    .replace(/^error: unknown command '(.+)'/m, "fel: okänt kommando '$1'")
    .replace(/^error: too many arguments.*/m, 'fel: för många argument')
    .replace(/^error: option '(.+)' argument missing/m, "fel: flaggan '$1' saknar värde")
    .replace(/^error: missing required argument '(.+)'/m, "fel: argumentet '$1' saknas")
    .replace(/^error: required option '(.+)' not specified/m, "fel: flaggan '$1' måste anges")
    .replace(/^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./m, "fel: ogiltigt värde '$2' för '$1'; tillåtna: $3")
    .replace(/\(Did you mean (.+)\?\)/, '(menade du $1?)')
    .replace(/^error: /m, 'fel: ');
}

/** --shard i/n: the i-th of n parts (1-based). */
export interface Shard {
  i: number;
  n: number;
}

/** "2/4" → { i: 2, n: 4 }; undefined without the flag; null (after a message) when it is malformed. */
export function parseShard(value: string | undefined, io: Io): Shard | undefined | null {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) {
    io.stderr(`fel: --shard skrivs i/n med 1 ≤ i ≤ n, t.ex. --shard 2/4 (fick "${value}")\n`);
    return null;
  }
  return { i, n };
}

/** --port: decimal digits only, 0–65535 ("1e3", "0x50", "80.0", "+80", " 80" are refused, never read as another port). */
export function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port <= 65535 ? port : undefined;
}
