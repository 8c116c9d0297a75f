import type { Diagnostic, RelatedInfo, Severity } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/diagnostic.js';
import type { DerivedReport } from '../derive/index.js';
import type { SourceMap } from '../load/source-map.js';
import type { Path } from '../load/yaml-file.js';
import type { Profile } from '../profile/profile.js';
import type { Report } from '../schema/report.js';
import type { RuleCode } from '../diagnostics/rules.js';

export interface CheckContext {
  profile: Profile;
  report: Report;
  derived: DerivedReport;
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

export function report(
  ctx: CheckContext,
  code: RuleCode,
  severity: Severity,
  message: string,
  path: Path,
  related: { message: string; path?: Path }[] = [],
  at: 'value' | 'key' = 'value',
): void {
  const pos = at === 'key' ? ctx.sourceMap.keyPos(path) : ctx.sourceMap.pos(path);
  const rel: RelatedInfo[] = related.map((r) => ({ message: r.message, pos: r.path ? ctx.sourceMap.pos(r.path) : undefined }));
  ctx.diagnostics.push({ ...diag(code, severity, message, pos, rel), path });
}
