/** One diagnostic type for every stage: load, validate, check, prose, render. */
export type Severity = 'error' | 'warning' | 'note';

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface RelatedInfo {
  message: string;
  pos?: SourcePos;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  pos?: SourcePos;
  related: RelatedInfo[];
  /** Where in the report's data the diagnostic applies (for undantag); not printed. */
  path?: readonly (string | number)[];
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: 'fel',
  warning: 'varning',
  note: 'not',
};

export function diag(
  code: string,
  severity: Severity,
  message: string,
  pos?: SourcePos,
  related: RelatedInfo[] = [],
): Diagnostic {
  return { code, severity, message, pos, related };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: file, line, column, code. Makes output reproducible and diffs readable. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.pos?.file ?? '';
    const fb = b.pos?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.pos?.line ?? 0;
    const lb = b.pos?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.pos?.column ?? 0;
    const cb = b.pos?.column ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

export function formatPos(pos: SourcePos | undefined): string {
  return pos ? `${pos.file}:${pos.line}:${pos.column}` : '';
}
