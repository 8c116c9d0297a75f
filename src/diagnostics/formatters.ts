import { readFileSync } from 'node:fs';
import { codeFrameColumns } from '@babel/code-frame';
import { Chalk } from 'chalk';
import { type Diagnostic, SEVERITY_LABEL, formatPos } from './diagnostic.js';

export type DiagnosticFormat = 'pretty' | 'json' | 'github';

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
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.pos ? chalk.bold(formatPos(d.pos)) + ': ' : '';
    out.push(`${where}${colorOf[d.severity](`${SEVERITY_LABEL[d.severity]}[${d.code}]`)}: ${d.message}`);
    if (options.excerpt !== false && d.pos && d.severity !== 'note') {
      const source = readSource(d.pos.file);
      if (source !== undefined) {
        const frame = codeFrameColumns(
          source,
          { start: { line: d.pos.line, column: d.pos.column } },
          { highlightCode: false, linesAbove: 1, linesBelow: 1 },
        );
        out.push(frame.replace(/^/gm, '  '));
      }
    }
    for (const r of d.related) {
      out.push(`  ${chalk.dim('→')} ${r.pos ? formatPos(r.pos) + ': ' : ''}${r.message}`);
    }
  }
  return out.join('\n');
}

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

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function defaultReadSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
