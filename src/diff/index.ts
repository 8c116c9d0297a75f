export { diffReports, type DiffChange, type DiffEntry, type ReportDiff } from './diff-reports.js';
export { checkoutReport, removeCheckout } from './checkout.js';
export { formatDiffMarkdown, formatDiffText } from './format.js';
export { compareProse, type ProseChange } from './words.js';
