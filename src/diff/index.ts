export { diffReports, type DiffChange, type DiffEntry, type ReportDiff } from './diff-reports.js';
export { checkoutReport, removeCheckout } from './checkout.js';
export {
  compareReport,
  diagnosticItems,
  hasChanges,
  type ComparedReport,
  type DiagnosticItem,
  type DiffSet,
  type ReportVersion,
} from './compare.js';
export { codeSpan, escapeMd, formatDiffMarkdown, formatDiffSetMarkdown, formatDiffSetText, formatDiffText, oneLine } from './format.js';
export { compareProse, type ProseChange, type ProsePassage, type ProseSegment } from './words.js';
