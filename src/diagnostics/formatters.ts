import { createHash } from 'node:crypto';
import { codeFrameColumns } from '@babel/code-frame';
import { Chalk } from 'chalk';
import { type Diagnostic, SEVERITY_LABEL, formatPos } from './diagnostic.js';

export type DiagnosticFormat = 'pretty' | 'json' | 'github' | 'gitlab';

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    notes: diagnostics.filter((d) => d.severity === 'note').length,
  };
}

/** `fil:rad:kolumn: fel[KOD]: meddelande` with an optional source excerpt. */
export function formatPretty(
  diagnostics: readonly Diagnostic[],
  options: { color: boolean; excerpt?: boolean; readSource?: (file: string) => string | undefined },
): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const colorOf = { error: chalk.red.bold, warning: chalk.yellow.bold, note: chalk.cyan } as const;
  const readSource = options.readSource ?? defaultReadSource;
  // Each file is read and its lines found once: 20 000 diagnostics in one file took 78 s when every
  // excerpt was cut from the whole text.
  const sources = new Map<string, SourceLines | undefined>();
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.pos ? chalk.bold(formatPos(d.pos)) + ': ' : '';
    out.push(`${where}${colorOf[d.severity](`${SEVERITY_LABEL[d.severity]}[${d.code}]`)}: ${d.message}`);
    if (options.excerpt !== false && d.pos && d.severity !== 'note') {
      if (!sources.has(d.pos.file)) {
        const source = readSource(d.pos.file);
        sources.set(d.pos.file, source === undefined ? undefined : new SourceLines(source));
      }
      const frame = sources.get(d.pos.file)?.frame(d.pos.line, d.pos.column);
      if (frame !== undefined) out.push(frame.replace(/^/gm, '  '));
    }
    for (const r of d.related) {
      out.push(`  ${chalk.dim('→')} ${r.pos ? formatPos(r.pos) + ': ' : ''}${r.message}`);
    }
  }
  return out.join('\n');
}

/** A source text with its line starts, for excerpts of a few lines. */
class SourceLines {
  /** Offset where each line starts; lines end at "\n", as yaml's LineCounter counts them. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The excerpt around line:column (1-based): the line with a marker, one line before and one after. */
  frame(line: number, column: number): string {
    const first = Math.max(1, line - 1);
    const last = Math.min(this.starts.length, line + 1);
    // A position outside the text: the whole text gives code-frame's own answer.
    if (first > last) return codeFrameColumns(this.text, { start: { line, column } }, { highlightCode: false, linesAbove: 1, linesBelow: 1 });
    const end = last < this.starts.length ? (this.starts[last] as number) - 1 : this.text.length;
    // code-frame also breaks lines at a lone CR, U+2028 and U+2029; positions do not.
    const lines = this.text
      .slice(this.starts[first - 1], end)
      .replace(/\r(?=\n)|\r$/g, '')
      .replace(/[\r\u2028\u2029]/g, ' ');
    const options: CodeFrameOptions = { highlightCode: false, linesAbove: 1, linesBelow: 1, startLine: first };
    return codeFrameColumns(lines, { start: { line, column } }, options);
  }
}

/** @babel/code-frame's options; its types lack `startLine`, the number of the first line given (code-frame 7.29 has it). */
type CodeFrameOptions = NonNullable<Parameters<typeof codeFrameColumns>[2]> & { startLine?: number };

export function formatSummaryLine(summary: Summary, reports: number, color: boolean, kommuner = 0): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const parts = [
    `${reports} ${reports === 1 ? 'rapport' : 'rapporter'}`,
    ...(kommuner > 0 ? [`${kommuner} ${kommuner === 1 ? 'sammanställning' : 'sammanställningar'}`] : []),
    `${summary.errors} fel`,
    `${summary.warnings} ${summary.warnings === 1 ? 'varning' : 'varningar'}`,
    `${summary.notes} ${summary.notes === 1 ? 'not' : 'noter'}`,
  ];
  const line = parts.join(', ');
  return summary.errors > 0 ? chalk.red(line) : summary.warnings > 0 ? chalk.yellow(line) : chalk.green(line);
}

/** GitHub Actions workflow commands: annotations on the pull request diff. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  const level = { error: 'error', warning: 'warning', note: 'notice' } as const;
  return diagnostics
    .map((d) => {
      const props = d.pos ? `file=${escapeProperty(d.pos.file)},line=${d.pos.line},col=${d.pos.column},` : '';
      return `::${level[d.severity]} ${props}title=${escapeProperty(d.code)}::${escapeData(d.message)}`;
    })
    .join('\n');
}

/** One issue of a GitLab Code Quality report (`artifacts: reports: codequality:`). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab Code Quality: a JSON array, shown in the merge request's widget and on its diff. A
 * diagnostic without a position is placed at `pathOf(d)` (the report folder), line 1. The
 * fingerprint is stable when lines move (file, code, message and the how-manieth such issue, not
 * the line), so GitLab can tell new issues from fixed ones between the target branch and the MR.
 */
export function formatGitlab(diagnostics: readonly Diagnostic[], pathOf: (d: Diagnostic) => string = () => '.'): string {
  const severity = { error: 'major', warning: 'minor', note: 'info' } as const;
  const seen = new Map<string, number>();
  const issues = diagnostics.map((d): CodeQualityIssue => {
    const file = d.pos?.file ?? pathOf(d);
    const key = JSON.stringify([file, d.code, d.message]);
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    return {
      description: `${d.message} [${d.code}]`,
      check_name: d.code,
      fingerprint: createHash('sha256').update(`${key}\n${nth}`).digest('hex').slice(0, 32),
      severity: severity[d.severity],
      location: { path: file, lines: { begin: d.pos?.line ?? 1 } },
    };
  });
  return JSON.stringify(issues, null, 2);
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Without the build's own sources, no excerpt: a formatter never reads a file itself (a file the
 * loader refused — a link to /etc/passwd, a FIFO — must not be printed as an excerpt).
 */
function defaultReadSource(_file: string): string | undefined {
  return undefined;
}
